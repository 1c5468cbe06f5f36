package httpapi

import (
	"github.com/waflow/waflow/providers"
)

func defineAppSchemas(s *Server) {
	str := Schema{"type": "string"}
	strMap := func(desc string) Schema {
		return Schema{"type": "object", "additionalProperties": str, "description": desc}
	}
	bsps := make([]string, 0, len(providers.BSPs()))
	for _, b := range providers.BSPs() {
		bsps = append(bsps, string(b))
	}
	ts := Schema{"type": "string", "format": "date-time"}
	s.DefineSchema(SchemaApp, Schema{
		"type": "object",
		"required": []string{"id", "name", "bsp", "phone_number", "phone_number_id", "waba_id",
			"settings", "credential_names", "version", "created_at", "updated_at"},
		"properties": Schema{
			"id":               str,
			"name":             str,
			"bsp":              Schema{"type": "string", "enum": bsps},
			"phone_number":     Schema{"type": "string", "description": "E.164, for example +15550001234."},
			"phone_number_id":  str,
			"waba_id":          str,
			"settings":         strMap("The BSP's non-secret options."),
			"credential_names": Schema{"type": "array", "items": str, "description": "Names of the stored credentials; values are never returned."},
			"version":          Schema{"type": "integer", "description": "Counts updates, from 1."},
			"created_at":       ts,
			"updated_at":       ts,
		},
	})
	input := func(required []string) Schema {
		sc := Schema{
			"type":                 "object",
			"additionalProperties": false,
			"properties": Schema{
				"name":            str,
				"bsp":             Schema{"type": "string", "enum": bsps},
				"phone_number":    str,
				"phone_number_id": str,
				"waba_id":         str,
				"credentials":     strMap("Secrets by name (access_token, app_secret, api_key, ...), sealed at rest. In an update an empty value removes one."),
				"settings":        strMap("Non-secret options by name. In an update an empty value removes one."),
			},
		}
		if required != nil {
			sc["required"] = required
		}
		return sc
	}
	s.DefineSchema(SchemaAppCreate, input([]string{"name", "bsp"}))
	s.DefineSchema(SchemaAppUpdate, input(nil))
	s.DefineSchema(SchemaAppList, Schema{
		"type":     "object",
		"required": []string{"data"},
		"properties": Schema{
			"data": Schema{"type": "array", "items": Ref(SchemaApp)},
			"next": Schema{"type": "string", "description": "Cursor of the next page; absent on the last one."},
		},
	})
	s.DefineSchema(SchemaEncryptionRequest, Schema{
		"type":                 "object",
		"additionalProperties": false,
		"required":             []string{"action"},
		"properties": Schema{
			"action":          Schema{"type": "string", "enum": []string{ActionGenerate, ActionUpload, ActionRotate}},
			"private_key_pem": Schema{"type": "string", "description": "upload only: PKCS#1 or PKCS#8 PEM, encrypted or not."},
			"passphrase":      Schema{"type": "string", "description": "upload only: the PEM's passphrase."},
			"window":          Schema{"type": "string", "description": `rotate only: how long the replaced key keeps decrypting, for example "72h".`},
		},
	})
	s.DefineSchema(SchemaEncryption, Schema{
		"type":     "object",
		"required": []string{"app_id", "version", "public_key", "fingerprint", "status", "created_at", "push_status", "previous_keys"},
		"properties": Schema{
			"app_id":      str,
			"version":     Schema{"type": "integer"},
			"public_key":  Schema{"type": "string", "description": "PEM PUBLIC KEY."},
			"fingerprint": str,
			"status":      Schema{"type": "string", "enum": []string{"ACTIVE"}},
			"created_at":  ts,
			"push_status": Schema{"type": "string", "enum": []string{PushPushed, PushFailed, PushUnsupported, PushPending}},
			"pushed_at":   ts,
			"push_error":  str,
			"previous_keys": Schema{"type": "array", "items": Schema{
				"type": "object",
				"properties": Schema{
					"version":     Schema{"type": "integer"},
					"public_key":  str,
					"fingerprint": str,
					"created_at":  ts,
					"retire_at":   ts,
				},
			}},
		},
	})
}
