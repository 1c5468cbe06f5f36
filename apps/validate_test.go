package apps_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/crypto"
	"github.com/waflow/waflow/providers"
)

func TestValidate(t *testing.T) {
	meta := apps.App{Name: "shop", BSP: providers.BSPMeta, PhoneNumber: "+15550001234",
		PhoneNumberID: "106540352242922", WABAID: "102290129340398",
		Credentials: map[string]crypto.Secret{"access_token": "EAAG", "app_secret": "s3"}}
	with := func(a apps.App, f func(*apps.App)) apps.App {
		a.Credentials = cloneSecrets(a.Credentials)
		f(&a)
		return a
	}
	cases := []struct {
		name string
		app  apps.App
		want []string // the fields named, in order; nil means valid
	}{
		{"meta", meta, nil},
		{"gupshup", apps.App{Name: "g", BSP: providers.BSPGupshup, PhoneNumber: "+919876543210",
			Settings:    map[string]string{"app_id": "1b2c", "app_name": "shopbot"},
			Credentials: map[string]crypto.Secret{"app_token": "sk_x", "api_key": "k"}}, nil},
		{"infobip", apps.App{Name: "i", BSP: providers.BSPInfobip, PhoneNumber: "+447860099299",
			Settings:    map[string]string{"base_url": "https://xyz.api.infobip.com"},
			Credentials: map[string]crypto.Secret{"api_key": "k"}}, nil},
		{"kapso", apps.App{Name: "k", BSP: providers.BSPKapso, PhoneNumberID: "647015955153740",
			Credentials: map[string]crypto.Secret{"api_key": "k"}}, nil},
		{"sandbox needs nothing", apps.App{Name: "s", BSP: providers.BSPSandbox}, nil},

		{"everything wrong at once", apps.App{BSP: "WHATSAPP", PhoneNumber: "0044 123"},
			[]string{"name", "bsp", "phone_number"}},
		{"name padded", with(meta, func(a *apps.App) { a.Name = " shop" }), []string{"name"}},
		{"name control", with(meta, func(a *apps.App) { a.Name = "a\nb" }), []string{"name"}},
		{"phone without plus", with(meta, func(a *apps.App) { a.PhoneNumber = "15550001234" }), []string{"phone_number"}},
		{"phone too long", with(meta, func(a *apps.App) { a.PhoneNumber = "+1234567890123456" }), []string{"phone_number"}},
		{"meta ids missing", with(meta, func(a *apps.App) { a.PhoneNumberID, a.WABAID = "", "" }),
			[]string{"phone_number_id", "waba_id"}},
		{"meta id not numeric", with(meta, func(a *apps.App) { a.WABAID = "waba-1" }), []string{"waba_id"}},
		{"meta token missing", with(meta, func(a *apps.App) { delete(a.Credentials, "access_token") }),
			[]string{"credentials.access_token"}},
		{"credential typo", with(meta, func(a *apps.App) { a.Credentials["acces_token"] = "x" }),
			[]string{"credentials.acces_token"}},
		{"empty optional credential", with(meta, func(a *apps.App) { a.Credentials["app_secret"] = "" }),
			[]string{"credentials.app_secret"}},
		{"gupshup bare", apps.App{Name: "g", BSP: providers.BSPGupshup},
			[]string{"phone_number", "settings.app_id", "settings.app_name", "credentials.app_token"}},
		{"infobip bad base_url", apps.App{Name: "i", BSP: providers.BSPInfobip, PhoneNumber: "+447860099299",
			Settings:    map[string]string{"base_url": "xyz.api.infobip.com"},
			Credentials: map[string]crypto.Secret{"api_key": "k"}}, []string{"settings.base_url"}},
		{"sandbox takes no token", apps.App{Name: "s", BSP: providers.BSPSandbox,
			Credentials: map[string]crypto.Secret{"access_token": "x"}}, []string{"credentials.access_token"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := apps.Validate(c.app)
			if c.want == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, apps.ErrInvalid)
			var ve *apps.ValidationError
			require.True(t, errors.As(err, &ve))
			var fields []string
			for _, f := range ve.Fields {
				fields = append(fields, f.Field)
				require.NotEmpty(t, f.Message, f.Field)
			}
			require.Equal(t, c.want, fields, err.Error())
		})
	}
}

func cloneSecrets(m map[string]crypto.Secret) map[string]crypto.Secret {
	out := make(map[string]crypto.Secret, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
