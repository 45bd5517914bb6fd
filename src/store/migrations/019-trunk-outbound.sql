-- 019 (issue 16, T7/T10): how a trunk carries outbound calls.
-- from_user: the From user the carrier expects, the service's number or the trunk's account;
-- 'anonymous' withholds the caller ID (From anonymous, Privacy: id, the number only in P-Asserted-Identity).
-- assert_identity: send P-Asserted-Identity with the service's number (RFC 3325).
-- priority: the order of a service's trunks for outbound calls (lower first, then by age);
-- the next one takes the call when one fails (503, 408, no answer).
-- max_calls: concurrent outbound calls allowed through the trunk (0: no cap).
-- outbound_proxy: host[:port] every request to the carrier goes through first ('' for none).
-- tls: signalling over TLS (RFC 3261 §26.2); `transport` then stays 'tcp', its CHECK being fixed.
ALTER TABLE trunks ADD COLUMN from_user TEXT NOT NULL DEFAULT 'number' CHECK (from_user IN ('number', 'account', 'anonymous'));
ALTER TABLE trunks ADD COLUMN assert_identity INTEGER NOT NULL DEFAULT 1;
ALTER TABLE trunks ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trunks ADD COLUMN max_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trunks ADD COLUMN outbound_proxy TEXT NOT NULL DEFAULT '';
ALTER TABLE trunks ADD COLUMN tls INTEGER NOT NULL DEFAULT 0;
