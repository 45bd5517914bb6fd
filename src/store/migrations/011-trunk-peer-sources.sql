-- T7/T9 (issue 16): a peer trunk is trusted by its address and port; `any_port` when the carrier
-- sends from several ports; `addresses` lists more signalling addresses (space-separated) that
-- carriers often send calls from besides their registrar or proxy host.
ALTER TABLE trunks ADD COLUMN any_port INTEGER NOT NULL DEFAULT 0;
ALTER TABLE trunks ADD COLUMN addresses TEXT NOT NULL DEFAULT '';
