-- The centre's Ed25519 key pair with which it signs the catalogue and result documents for its kiosks (issue 13,
-- item 3). One row: whichever centre instance starts first makes it, the others read it, so every instance on one
-- database signs with the same key and a kiosk's key from enrolment stays valid. Keys are Base64: the public key as
-- X.509 SubjectPublicKeyInfo, the private key as PKCS#8.
CREATE TABLE signing_key (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    algorithm   TEXT NOT NULL,
    public_key  TEXT NOT NULL,
    private_key TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
