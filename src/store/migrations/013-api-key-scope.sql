-- X3/X4 (issue 10): a named API key may be limited to one service; it then reads and changes only
-- that service's part of the API (another service's routes answer 404, organization routes 403).
ALTER TABLE api_keys ADD COLUMN service_id TEXT;
