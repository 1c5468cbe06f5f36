package preview

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/waflow/waflow/flowjson"
)

// Diagnostics is the validator's findings on a flow, placed where the page
// shows them: beside the screen they concern, or above the phone for the
// rest (version, top-level keys, a document that does not parse).
type Diagnostics struct {
	Errors   int `json:"errors"`
	Warnings int `json:"warnings"`
	// Flow holds the findings that concern no one screen.
	Flow flowjson.Diagnostics `json:"flow"`
	// Screens holds the findings of each screen by its id; a screen
	// without a usable id is keyed "#N", its index.
	Screens map[string]flowjson.Diagnostics `json:"screens"`
}

// Diagnose validates src as "waflow validate" does and groups the findings
// by screen: a pointer under /screens/N belongs to screens[N], and one
// under /routing_model/ID to screen ID, whose routes it is about.
func Diagnose(src []byte) Diagnostics {
	out := Diagnostics{Flow: flowjson.Diagnostics{}, Screens: map[string]flowjson.Diagnostics{}}
	ids := screenIDs(src)
	for _, d := range flowjson.Validate(src, flowjson.Options{}).Diagnostics {
		if d.Severity == flowjson.SeverityError {
			out.Errors++
		} else {
			out.Warnings++
		}
		if key, ok := screenOf(d.Pointer, ids); ok {
			out.Screens[key] = append(out.Screens[key], d)
		} else {
			out.Flow = append(out.Flow, d)
		}
	}
	return out
}

// screenIDs returns the id of each screen, "" where it has none; nil when
// the document has no readable screens.
func screenIDs(src []byte) []string {
	var doc struct {
		Screens []json.RawMessage `json:"screens"`
	}
	if json.Unmarshal(src, &doc) != nil {
		return nil
	}
	ids := make([]string, len(doc.Screens))
	for i, raw := range doc.Screens {
		var s struct {
			ID any `json:"id"`
		}
		if json.Unmarshal(raw, &s) == nil {
			ids[i], _ = s.ID.(string)
		}
	}
	return ids
}

// screenOf names the screen a JSON pointer concerns.
func screenOf(pointer string, ids []string) (string, bool) {
	segs := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	if len(segs) < 2 {
		return "", false
	}
	switch segs[0] {
	case "screens":
		i, err := strconv.Atoi(segs[1])
		if err != nil || i < 0 || i >= len(ids) {
			return "", false
		}
		if ids[i] == "" {
			return "#" + segs[1], true
		}
		return ids[i], true
	case "routing_model":
		id := unescapePointer(segs[1])
		for _, known := range ids {
			if known == id && id != "" {
				return id, true
			}
		}
	}
	return "", false
}

// unescapePointer decodes one RFC 6901 reference token.
func unescapePointer(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
}
