-- 030: a desk phone's own qualify interval (issue 17 point 1): seconds between OPTIONS probes of its
-- extension's bindings; 0 = never probe it (a phone behind a NAT that drops OPTIONS); NULL = the
-- appliance's default (CC_QUALIFY_SECONDS).
ALTER TABLE desk_phones ADD COLUMN qualify_seconds INTEGER CHECK (qualify_seconds IS NULL OR qualify_seconds BETWEEN 0 AND 3600);
