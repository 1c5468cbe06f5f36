package apps

import (
	"fmt"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/waflow/waflow/internal/fielderr"
	"github.com/waflow/waflow/providers"
)

// MaxNameLength is the longest app name accepted, in characters.
const MaxNameLength = 100

// requirement is what one BSP needs to act for a sender, from the
// providers reference: which identifiers its API paths and bodies carry,
// which settings locate the account, and which credentials authenticate.
type requirement struct {
	phoneNumber   bool
	phoneNumberID bool
	wabaID        bool
	settings      []string
	credentials   []string
	optionalCreds []string
}

// requirements is the table documented in doc.go ("Identifiers per BSP").
func requirements(b providers.BSP) (requirement, bool) {
	switch b {
	case providers.BSPMeta:
		return requirement{
			phoneNumberID: true, // messages and key upload: /{phone_number_id}/...
			wabaID:        true, // flows and templates: /{waba_id}/...
			credentials:   []string{"access_token"},
			optionalCreds: []string{"app_secret", "verify_token"},
		}, true
	case providers.BSPGupshup:
		return requirement{
			phoneNumber:   true, // "source" of every send
			settings:      []string{"app_id", "app_name"},
			credentials:   []string{"app_token"},
			optionalCreds: []string{"api_key", "webhook_secret"},
		}, true
	case providers.BSPInfobip:
		return requirement{
			phoneNumber:   true, // the sender in every path
			settings:      []string{"base_url"},
			credentials:   []string{"api_key"},
			optionalCreds: []string{"webhook_secret"},
		}, true
	case providers.BSPKapso:
		return requirement{
			phoneNumberID: true, // picks the WhatsApp config behind the project key
			credentials:   []string{"api_key"},
			optionalCreds: []string{"webhook_secret"},
		}, true
	case providers.BSPSandbox:
		return requirement{optionalCreds: []string{"app_secret"}}, true
	}
	return requirement{}, false
}

var (
	e164      = regexp.MustCompile(`^\+[1-9][0-9]{6,14}$`)
	numericID = regexp.MustCompile(`^[0-9]{1,32}$`)
)

// Validate checks a against the rules of its BSP and returns a
// *[ValidationError] listing every broken one, or nil.
func Validate(a App) error {
	var errs fielderr.List
	add := errs.Addf

	errs.Name("name", a.Name, MaxNameLength)

	req, known := requirements(a.BSP)
	if !known {
		add("bsp", "%q is not one of %s", a.BSP, bspList())
	}

	switch {
	case a.PhoneNumber != "" && !e164.MatchString(a.PhoneNumber):
		add("phone_number", "%q is not in E.164 form (+ then 7 to 15 digits)", a.PhoneNumber)
	case a.PhoneNumber == "" && req.phoneNumber:
		add("phone_number", "required for %s", a.BSP)
	}
	for _, id := range []struct {
		field, value string
		required     bool
	}{
		{"phone_number_id", a.PhoneNumberID, req.phoneNumberID},
		{"waba_id", a.WABAID, req.wabaID},
	} {
		switch {
		case id.value != "" && !numericID.MatchString(id.value):
			add(id.field, "%q is not a Meta id (digits only)", id.value)
		case id.value == "" && id.required:
			add(id.field, "required for %s", a.BSP)
		}
	}

	for _, k := range req.settings {
		if a.Settings[k] == "" {
			add("settings."+k, "required for %s", a.BSP)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(a.Settings)) {
		switch {
		case k == "":
			add("settings", "empty key")
		case k == "base_url" && a.Settings[k] != "":
			if msg := checkBaseURL(a.Settings[k]); msg != "" {
				add("settings.base_url", "%s", msg)
			}
		}
	}

	if known {
		for _, k := range req.credentials {
			if a.Credentials[k] == "" {
				add("credentials."+k, "required for %s", a.BSP)
			}
		}
		allowed := append(append([]string{}, req.credentials...), req.optionalCreds...)
		for _, k := range slices.Sorted(maps.Keys(a.Credentials)) {
			switch {
			case !slices.Contains(allowed, k):
				if len(allowed) == 0 {
					add("credentials."+k, "%s takes no credentials", a.BSP)
				} else {
					add("credentials."+k, "unknown for %s (known: %s)", a.BSP, strings.Join(allowed, ", "))
				}
			case a.Credentials[k] == "" && !slices.Contains(req.credentials, k):
				add("credentials."+k, "empty")
			}
		}
	}

	if len(errs) == 0 {
		return nil
	}
	return &ValidationError{Fields: errs}
}

func checkBaseURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return fmt.Sprintf("%q is not an absolute http(s) URL", raw)
	}
	return ""
}

func bspList() string {
	names := make([]string, 0, len(providers.BSPs()))
	for _, b := range providers.BSPs() {
		names = append(names, string(b))
	}
	return strings.Join(names, ", ")
}
