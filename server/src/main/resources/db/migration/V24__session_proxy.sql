-- The proxy a session's WhatsApp connection and media go through (issue 18). `proxy_address` is the proxy
-- without its credentials (`socks5://host:port` or `http://host:port`), which responses show; the credentials
-- (`user:password` as written in the URL, percent-encoded) are sealed with the master key in
-- `proxy_credentials` (AES-256-GCM, bound to the session's tenant and id), so a dump never holds them in
-- clear. Both NULL: no proxy.
ALTER TABLE sessions ADD COLUMN proxy_address VARCHAR(300) NULL;
ALTER TABLE sessions ADD COLUMN proxy_credentials VARCHAR(2048) NULL;
