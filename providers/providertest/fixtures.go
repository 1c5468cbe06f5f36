package providertest

// The documents the suite uploads. validFlow and editedFlow are static flows
// (no data_api_version) so that publishing needs neither an endpoint nor a
// public key, and they pass package flowjson, which a server may plug into
// its provider. invalidFlow does not parse: every BSP's validation, and
// every fake's, reports that.
var (
	validFlow = []byte(`{
  "version": "7.3",
  "screens": [
    {
      "id": "WELCOME",
      "title": "Welcome",
      "terminal": true,
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "TextBody", "text": "Thanks for trying this flow."},
          {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
        ]
      }
    }
  ]
}`)

	editedFlow = []byte(`{
  "version": "7.3",
  "screens": [
    {
      "id": "WELCOME",
      "title": "Welcome back",
      "terminal": true,
      "layout": {
        "type": "SingleColumnLayout",
        "children": [
          {"type": "TextBody", "text": "This is the edited flow."},
          {"type": "Footer", "label": "Done", "on-click-action": {"name": "complete", "payload": {}}}
        ]
      }
    }
  ]
}`)

	invalidFlow = []byte(`{"version": "7.3", "screens": [`)
)

// publicKeyPEM is a 2048-bit RSA public key in the SPKI form Meta takes.
// Fixed rather than generated, so the suite spends no time on RSA.
const publicKeyPEM = `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAoBXvIcFRHrd256BIqeZx
5c3wOSwBcAmOUgs4PfgIesItf12/tf9TAsW1JJJpf9A3t6GdSCka8pBvG7E8Pb4V
Zz/yGMlH20ows5yTeBe6J4dosgXH/QBYHEWFsIrByw4J2t60YILZvN5i9M2jVVJv
v7cKyjX1u3ERL4YKzczVkvb48soCcZraVm1jPg/1XaIOAmjeAKdTsrzKrA0YvPYX
OqaJvXwvW08oeuA2jWQGerqAXoFJK4Ilw/pPJFBt7vGTt14ZCAlng9eBuwv9tCJJ
nlyJzWL6mJvZt/3y7y2ppyMR9FcgXVwD/V+EkK2gFfzAmrvybB8vhpGoVNv1XZ6+
VwIDAQAB
-----END PUBLIC KEY-----
`

// endpointURI is what the suite sets as a flow's endpoint.
const endpointURI = "https://waflow.example.com/wa/v2/flows/providertest/endpoint"
