package messaging

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/waflow/waflow/apps"
	"github.com/waflow/waflow/providers"
)

// AppLister lists apps with their credentials; *apps.Service implements
// it. It must be safe for concurrent use.
type AppLister interface {
	List(ctx context.Context, after string, limit int) (apps.Page, error)
}

// Credential names read from apps (see apps.Validate): the secret that
// signs a BSP's webhooks and the token of Meta's handshake.
const (
	credentialAppSecret     = "app_secret"
	credentialVerifyToken   = "verify_token"
	credentialWebhookSecret = "webhook_secret"
)

// Setting names read from apps (see apps.Validate): what Gupshup's
// webhooks name an app by.
const (
	settingGupshupAppID   = "app_id"
	settingGupshupAppName = "app_name"
)

// accountsOf is what a BSP's webhooks name app a by when they carry no
// Meta id ([providers.Event.Account]): Gupshup's app id (v3) and app name
// (v2), Infobip's sender number, which Infobip writes without the "+".
func accountsOf(a apps.App) []string {
	switch a.BSP {
	case providers.BSPGupshup:
		return []string{a.Settings[settingGupshupAppID], a.Settings[settingGupshupAppName]}
	case providers.BSPInfobip:
		return []string{accountKey(a.PhoneNumber)}
	}
	return nil
}

// accountKey is the form accounts are compared in: a phone number with
// or without its "+" is the same account.
func accountKey(account string) string { return strings.TrimPrefix(account, "+") }

// appView is what the inbound pipeline knows of the apps of one BSP.
type appView struct {
	secrets      [][]byte
	verifyTokens []string
	byPhoneID    map[string]string
	byWABA       map[string][]string
	byAccount    map[string][]string
	all          []string
}

// appDirectory caches the apps' webhook secrets and identifiers, because
// every webhook needs them and listing apps unseals every credential. It
// is reloaded after TTL, and sooner (at most once per second) when a
// signature fails, so that a newly created app is accepted at once.
type appDirectory struct {
	lister AppLister
	ttl    time.Duration
	now    func() time.Time

	mu       sync.Mutex
	loadedAt time.Time
	byBSP    map[providers.BSP]*appView
}

const forcedReloadGap = time.Second

func (d *appDirectory) view(ctx context.Context, bsp providers.BSP, fresh bool) (*appView, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.now()
	age := now.Sub(d.loadedAt)
	if d.byBSP == nil || age >= d.ttl || (fresh && age >= forcedReloadGap) {
		if err := d.load(ctx, now); err != nil {
			return nil, err
		}
	}
	if v := d.byBSP[bsp]; v != nil {
		return v, nil
	}
	return &appView{}, nil
}

func (d *appDirectory) load(ctx context.Context, now time.Time) error {
	byBSP := map[providers.BSP]*appView{}
	after := ""
	for {
		page, err := d.lister.List(ctx, after, apps.MaxPageSize)
		if err != nil {
			return fmt.Errorf("messaging: list apps: %w", err)
		}
		for _, a := range page.Apps {
			v := byBSP[a.BSP]
			if v == nil {
				v = &appView{byPhoneID: map[string]string{}, byWABA: map[string][]string{}, byAccount: map[string][]string{}}
				byBSP[a.BSP] = v
			}
			for _, name := range []string{credentialAppSecret, credentialWebhookSecret} {
				if s := a.Credentials[name]; s != "" {
					v.secrets = append(v.secrets, []byte(s))
				}
			}
			if t := a.Credentials[credentialVerifyToken]; t != "" {
				v.verifyTokens = append(v.verifyTokens, string(t))
			}
			if a.PhoneNumberID != "" {
				v.byPhoneID[a.PhoneNumberID] = a.ID
			}
			if a.WABAID != "" {
				v.byWABA[a.WABAID] = append(v.byWABA[a.WABAID], a.ID)
			}
			for _, account := range accountsOf(a) {
				if account != "" && !slices.Contains(v.byAccount[account], a.ID) {
					v.byAccount[account] = append(v.byAccount[account], a.ID)
				}
			}
			v.all = append(v.all, a.ID)
			if a.BSP == providers.BSPSandbox {
				// The sandbox BSP has no Meta ids to give: its webhooks
				// name the app by waflow's id, as number and account.
				v.byPhoneID[a.ID] = a.ID
				v.byWABA[a.ID] = append(v.byWABA[a.ID], a.ID)
			}
		}
		if page.Next == "" {
			break
		}
		after = page.Next
	}
	d.byBSP, d.loadedAt = byBSP, now
	return nil
}

// appsOf names the apps an event concerns: the one owning the phone
// number, else those the BSP's account key names; for template and flow
// events, every app of the WABA, or of the BSP when the event names no
// business at all (Infobip's template updates), each sink passing over
// what is not its own.
func (v *appView) appsOf(ev providers.Event) []string {
	if ev.PhoneNumberID != "" {
		if id, ok := v.byPhoneID[ev.PhoneNumberID]; ok {
			return []string{id}
		}
	}
	if ev.Account != "" {
		if ids := v.byAccount[accountKey(ev.Account)]; len(ids) > 0 {
			return ids
		}
	}
	if ev.Kind != providers.EventTemplateStatus && ev.Kind != providers.EventFlowStatus {
		return nil
	}
	if ev.PhoneNumberID == "" && ev.WABAID == "" && ev.Account == "" {
		return v.all
	}
	return v.byWABA[ev.WABAID]
}
