-- The category every route reaches when an application is filed (points, salary multiples of
-- the previous year's local average wage, talent routes ...) and the routes with their reasons.
ALTER TABLE work_permit_application ADD COLUMN route_category TEXT;
ALTER TABLE work_permit_application ADD COLUMN route_decision TEXT;
