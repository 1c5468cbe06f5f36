package flowjson

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// Version is a Flow JSON version such as 7.3.
type Version struct {
	Major, Minor int
}

// VersionState is Meta's lifecycle state of a Flow JSON version.
type VersionState string

const (
	// VersionActive versions can be created, published and sent.
	VersionActive VersionState = "active"
	// VersionFrozen versions can no longer be published or updated; flows
	// already published with them still send and open.
	VersionFrozen VersionState = "frozen"
)

// VersionInfo describes one known Flow JSON version.
type VersionInfo struct {
	Version  Version
	Released string // YYYY-MM or YYYY-MM-DD, as Meta's changelog gives it
	State    VersionState
	Headline string
}

// Publishable reports whether Meta accepts new flows and updates at this version.
func (vi VersionInfo) Publishable() bool { return vi.State == VersionActive }

// knownVersions is the version table, oldest first. It is a function rather
// than a package variable so that no caller can modify the table.
func knownVersions() []VersionInfo {
	return []VersionInfo{
		{Version{2, 1}, "2023-10", VersionFrozen, "launch version, with Data API 3.0"},
		{Version{3, 0}, "2023-12", VersionFrozen, "data_channel_uri removed; endpoint set through the API"},
		{Version{3, 1}, "2024-01", VersionFrozen, "success on terminal screens"},
		{Version{4, 0}, "2024-06-11", VersionFrozen, "PhotoPicker, DocumentPicker, If, Switch, global references, optional Form"},
		{Version{5, 0}, "2024-08-13", VersionFrozen, "DatePicker dates as YYYY-MM-DD; images and colours in list items"},
		{Version{5, 1}, "2024-09-16", VersionActive, "RichText, markdown on TextBody and TextCaption, sensitive"},
		{Version{6, 0}, "2024-11-12", VersionActive, "nested expressions, update_data, open_url, on-unselect-action"},
		{Version{6, 1}, "2024-11-12", VersionActive, "CalendarPicker"},
		{Version{6, 2}, "2024-12-10", VersionActive, "NavigationList, TextInput pattern"},
		{Version{6, 3}, "2025-01-14", VersionActive, "ChipsSelector; RichText may share its screen with a Footer"},
		{Version{7, 0}, "2025-03-11", VersionActive, "label-variant; init-values and error-messages type-checked"},
		{Version{7, 1}, "2025-06-10", VersionActive, "ImageCarousel; ChipsSelector inside If and Switch"},
		{Version{7, 2}, "2025-07-08", VersionActive, "variables of nested expressions inside actions checked"},
		{Version{7, 3}, "2025-09-10", VersionActive, "stricter routing-model and data-model validation"},
	}
}

// Versions returns every known Flow JSON version, oldest first.
func Versions() []VersionInfo { return knownVersions() }

// LatestVersion is the newest known Flow JSON version.
func LatestVersion() Version {
	vs := knownVersions()
	return vs[len(vs)-1].Version
}

// UnknownVersionError reports a version string that is not a known Flow JSON version.
type UnknownVersionError struct {
	Value string
}

func (e *UnknownVersionError) Error() string {
	names := make([]string, 0, len(knownVersions()))
	for _, vi := range knownVersions() {
		names = append(names, vi.Version.String())
	}
	return fmt.Sprintf("unknown Flow JSON version %q (known: %s)", e.Value, strings.Join(names, ", "))
}

// ParseVersion parses a known version such as "7.3". Anything else, including
// a well-formed but unreleased version such as "4.1", is an *UnknownVersionError.
func ParseVersion(s string) (Version, error) {
	major, minor, ok := strings.Cut(s, ".")
	if !ok {
		return Version{}, &UnknownVersionError{Value: s}
	}
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if err1 != nil || err2 != nil || strings.HasPrefix(minor, "+") || strings.HasPrefix(major, "+") {
		return Version{}, &UnknownVersionError{Value: s}
	}
	v := Version{ma, mi}
	if _, ok := LookupVersion(v); !ok {
		return Version{}, &UnknownVersionError{Value: s}
	}
	return v, nil
}

// LookupVersion returns the table entry of v.
func LookupVersion(v Version) (VersionInfo, bool) {
	vi, ok := versionIndex()[v]
	return vi, ok
}

// versionIndex maps each version to its entry. Every validation looks its
// version up, so the table is indexed once and only read afterwards.
var versionIndex = sync.OnceValue(func() map[Version]VersionInfo {
	idx := make(map[Version]VersionInfo)
	for _, vi := range knownVersions() {
		idx[vi.Version] = vi
	}
	return idx
})

func (v Version) String() string { return fmt.Sprintf("%d.%d", v.Major, v.Minor) }

// Compare returns -1, 0 or +1 as v is older than, equal to or newer than w.
func (v Version) Compare(w Version) int {
	switch {
	case v.Major != w.Major:
		return cmpInt(v.Major, w.Major)
	default:
		return cmpInt(v.Minor, w.Minor)
	}
}

// AtLeast reports whether v is w or newer.
func (v Version) AtLeast(w Version) bool { return v.Compare(w) >= 0 }

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// MarshalText encodes the version as "7.3".
func (v Version) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText accepts only known versions.
func (v *Version) UnmarshalText(b []byte) error {
	parsed, err := ParseVersion(string(b))
	if err != nil {
		return err
	}
	*v = parsed
	return nil
}

// DataAPIVersions are the accepted values of data_api_version.
func DataAPIVersions() []string { return []string{"3.0", "4.0"} }
