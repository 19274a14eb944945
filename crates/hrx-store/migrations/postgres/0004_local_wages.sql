-- Published local average and minimum wages per locality and year (admin-edited; the shipped
-- rows from data/work-permits/local-wages.csv are added when missing and never overwrite an edit).
CREATE TABLE local_wage (
    locality TEXT NOT NULL,
    year BIGINT NOT NULL,
    average_annual_fen BIGINT NOT NULL,
    minimum_monthly_fen BIGINT,
    source TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (locality, year)
);
