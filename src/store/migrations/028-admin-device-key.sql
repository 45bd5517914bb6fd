-- 028: the key that signs the admin pages' known-device cookies (X4, issue 11), kept so a restart
-- does not forget every known device (and lock owners out behind a guesser's failures).
ALTER TABLE organization ADD COLUMN device_key BLOB;
