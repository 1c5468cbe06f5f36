package providers

import (
	"fmt"
	"log/slog"
	"sort"
)

// LogValue shows an app's identity and the names of its credentials, never
// their values.
func (a App) LogValue() slog.Value {
	names := make([]string, 0, len(a.Credentials))
	for k := range a.Credentials {
		names = append(names, k)
	}
	sort.Strings(names)
	return slog.GroupValue(
		slog.String("id", a.ID),
		slog.String("bsp", string(a.BSP)),
		slog.String("phone_number_id", a.PhoneNumberID),
		slog.Any("credentials", names),
	)
}

// String redacts credentials for %v and %s.
func (a App) String() string {
	return fmt.Sprintf("App{ID:%s BSP:%s PhoneNumberID:%s credentials:[REDACTED]}", a.ID, a.BSP, a.PhoneNumberID)
}

// GoString redacts credentials for %#v.
func (a App) GoString() string { return a.String() }
