package apps

import (
	"maps"
	"slices"
	"time"

	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
)

// App is one WhatsApp sender on one BSP: its identifiers, its credentials
// and its provider settings.
//
// Credentials print, log and marshal as "[REDACTED]" (see [crypto.Secret]),
// so an App can be logged or encoded as it is; the API shows only their
// names. At rest they are sealed (see [Service]).
type App struct {
	ID   string        `json:"id"`
	Name string        `json:"name"`
	BSP  providers.BSP `json:"bsp"`
	// PhoneNumber is the business number in E.164 form ("+15550001234").
	PhoneNumber string `json:"phone_number,omitempty"`
	// PhoneNumberID and WABAID are Meta's numeric ids of the number and of
	// the WhatsApp Business Account.
	PhoneNumberID string                   `json:"phone_number_id,omitempty"`
	WABAID        string                   `json:"waba_id,omitempty"`
	Credentials   map[string]crypto.Secret `json:"credentials,omitempty"`
	// Settings are the provider's non-secret options (base_url, app_id, ...).
	Settings map[string]string `json:"settings,omitempty"`
	// Version counts the app's updates, starting at 1; it changes on every
	// successful update.
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// CredentialNames lists the names of the app's credentials, sorted; it is
// what the API shows instead of their values.
func (a App) CredentialNames() []string {
	return slices.Sorted(maps.Keys(a.Credentials))
}

// Provider is the app as a provider needs it, credentials unwrapped. The
// result redacts itself in logs as well; keep it no longer than the call.
func (a App) Provider() providers.App {
	creds := make(map[string]string, len(a.Credentials))
	for k, v := range a.Credentials {
		creds[k] = string(v)
	}
	return providers.App{
		ID:            a.ID,
		BSP:           a.BSP,
		PhoneNumber:   a.PhoneNumber,
		PhoneNumberID: a.PhoneNumberID,
		WABAID:        a.WABAID,
		Credentials:   creds,
		Settings:      maps.Clone(a.Settings),
	}
}

// Change is a partial update of an [App]. Nil fields are left alone. The BSP
// cannot change: an app on another BSP is another app.
//
// Settings and Credentials are merged into the app's: a key with a value
// replaces it, a key with an empty value removes it, keys not named stay.
type Change struct {
	Name          *string
	PhoneNumber   *string
	PhoneNumberID *string
	WABAID        *string
	Settings      map[string]string
	Credentials   map[string]crypto.Secret
}

// apply returns a copy of a with c applied; a's maps are not modified.
func (c Change) apply(a App) App {
	if c.Name != nil {
		a.Name = *c.Name
	}
	if c.PhoneNumber != nil {
		a.PhoneNumber = *c.PhoneNumber
	}
	if c.PhoneNumberID != nil {
		a.PhoneNumberID = *c.PhoneNumberID
	}
	if c.WABAID != nil {
		a.WABAID = *c.WABAID
	}
	a.Settings = merge(a.Settings, c.Settings)
	a.Credentials = merge(a.Credentials, c.Credentials)
	return a
}

func merge[V ~string](base, change map[string]V) map[string]V {
	out := maps.Clone(base)
	if out == nil {
		out = make(map[string]V, len(change))
	}
	for k, v := range change {
		if v == "" {
			delete(out, k)
		} else {
			out[k] = v
		}
	}
	return out
}
