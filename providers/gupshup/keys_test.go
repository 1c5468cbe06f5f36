package gupshup_test

// testPublicKey is a 2048-bit RSA public key, fixed so tests spend no time
// on RSA.
const testPublicKey = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAoBXvIcFRHrd256BIqeZx
5c3wOSwBcAmOUgs4PfgIesItf12/tf9TAsW1JJJpf9A3t6GdSCka8pBvG7E8Pb4V
Zz/yGMlH20ows5yTeBe6J4dosgXH/QBYHEWFsIrByw4J2t60YILZvN5i9M2jVVJv
v7cKyjX1u3ERL4YKzczVkvb48soCcZraVm1jPg/1XaIOAmjeAKdTsrzKrA0YvPYX
OqaJvXwvW08oeuA2jWQGerqAXoFJK4Ilw/pPJFBt7vGTt14ZCAlng9eBuwv9tCJJ
nlyJzWL6mJvZt/3y7y2ppyMR9FcgXVwD/V+EkK2gFfzAmrvybB8vhpGoVNv1XZ6+
VwIDAQAB
-----END PUBLIC KEY-----
`
