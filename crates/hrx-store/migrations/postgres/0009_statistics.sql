-- Maintained aggregates of the published statistics: per series (see
-- hrx_domain::statistics::series), breakdown dimension ('' for the total), key ('' for the
-- total) and month (yyyymm), the sum of the deltas the records contribute. Written in the
-- same transaction as the records; `hrx stats rebuild` recomputes it from them.
CREATE TABLE stat_value (
    series TEXT NOT NULL,
    dim TEXT NOT NULL,
    key TEXT NOT NULL,
    month BIGINT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (series, dim, key, month)
);
