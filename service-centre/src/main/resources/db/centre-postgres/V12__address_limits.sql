-- Per-address limits on the unauthenticated endpoints (enrolment, console log-in), shared by every centre
-- instance on the database so a client spreading tries over instances behind a load balancer is counted once.
-- One row per limit and address: the "theoretical arrival time" of the generic cell rate algorithm (epoch ms);
-- a row whose time has passed is a full bucket again and is deleted by the pruning.
CREATE TABLE address_limits (
    limit_name  TEXT NOT NULL,
    address     TEXT NOT NULL,
    tat_ms      BIGINT NOT NULL,
    PRIMARY KEY (limit_name, address)
);

CREATE INDEX address_limits_by_time ON address_limits (tat_ms);
