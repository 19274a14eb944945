-- What reviewers of the returnees' start-up programme read: the applicant's business plan.
ALTER TABLE startup_application ADD COLUMN business_plan TEXT NOT NULL DEFAULT '';
