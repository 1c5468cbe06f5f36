// Package apps is the domain of WhatsApp Apps: an App is one sender (a
// business phone number) on one BSP, with the identifiers and credentials
// that BSP needs, and the RSA key pair WhatsApp uses to encrypt the app's
// flow data-exchange requests.
//
// # Identifiers per BSP
//
// [Validate] requires what each BSP's API addresses the sender by, from the
// providers reference (operation table, per-BSP base URL and auth):
//
//	BSP      required                                      credentials (optional in brackets)
//	META     phone_number_id, waba_id                      access_token [app_secret, verify_token]
//	GUPSHUP  phone_number, settings.app_id, .app_name      app_token [api_key, webhook_secret]
//	INFOBIP  phone_number, settings.base_url               api_key [webhook_secret]
//	KAPSO    phone_number_id                               api_key [webhook_secret]
//	SANDBOX  nothing                                       [app_secret]
//
// Meta addresses messages and key uploads by phone_number_id and flows and
// templates by WABA id. Gupshup's partner API addresses its own app id
// (settings.app_id) with the app token, its sends name the source number
// and app name, its public-key upload takes the self-serve api_key, and
// its unsigned webhooks carry webhook_secret back in a custom header.
// Infobip's paths name the sender by its phone number under a per-account
// host. Kapso's project key reaches the WhatsApp config through the
// phone_number_id. Whenever present, a phone number must be E.164
// ("+15550001234") and Meta ids must be digits; settings.base_url, which any
// provider accepts to reach a test server, must be an absolute http(s) URL.
// Unknown credential names are refused, as typos in secrets are the
// costliest to find; settings are free-form.
//
// Apps are unique by name and by (BSP, phone_number_id): inbound webhooks
// name the sender by that id.
//
// # Credentials
//
// [App.Credentials] hold [crypto.Secret] values, which print, log and
// marshal as "[REDACTED]"; the API shows [App.CredentialNames]. The
// [Service] seals them (JSON, with [crypto.Sealer]) before they reach the
// [Repository], with associated data "waflow/apps/<id>/credentials": a
// sealed blob copied to another app, or into a key column, fails to open
// with crypto.ErrSealedCorrupt.
//
// # Listing
//
// IDs are "app_" and 26 base32 characters starting with the creation time
// in milliseconds, so ascending ID order is creation order. [Service.List]
// pages with a cursor: pass the Next of one page as the after of the next.
// Unlike limit/offset paging, a cursor neither repeats nor skips apps that
// existed before the listing began when others are deleted meanwhile.
//
// # Encryption keys and rotation
//
// Each key version is ACTIVE, PREVIOUS or RETIRED ([KeyStatus]); an app has
// at most one ACTIVE key. [Service.GenerateKey], [Service.UploadKey] and
// [Service.RotateKey] install a new ACTIVE key and keep the one it replaces
// as PREVIOUS until its RetireAt, because WhatsApp clients holding the old
// public key keep encrypting with it until a 421 answer sends them to fetch
// the new one. [Service.KeySet] returns what may decrypt now: the ACTIVE key,
// then PREVIOUS keys inside their window, newest first. A later rotation
// marks expired keys RETIRED in storage and drops their private halves.
// Private keys are sealed with associated data naming the app and the key's
// public fingerprint.
//
// Sending the public key to the BSP belongs to the caller, which holds a
// provider; it reports the outcome with [Service.MarkPushed].
//
// # Example
//
//	svc := apps.NewService(db.Apps(), sealer, apps.Options{})
//	app, err := svc.Create(ctx, apps.App{
//		Name: "shop", BSP: providers.BSPMeta,
//		PhoneNumberID: "106540352242922", WABAID: "102290129340398",
//		Credentials: map[string]crypto.Secret{"access_token": token},
//	})
//	if err != nil {
//		return err // errors.Is(err, apps.ErrInvalid), apps.ErrConflict, ...
//	}
//	kp, err := svc.GenerateKey(ctx, app.ID)
//	if err != nil {
//		return err
//	}
//	pushErr := provider.SetPublicKey(ctx, app.Provider(), []byte(kp.PublicPEM))
//	if err := svc.MarkPushed(ctx, app.ID, kp.Version, pushErr); err != nil {
//		return err
//	}
//	keys, err := svc.KeySet(ctx, app.ID) // for the data endpoint
package apps
