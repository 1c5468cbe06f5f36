package flowjson

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// noDiag as a ruleCase pointer means the case is valid: the rule's code
// must not be reported at all.
const noDiag = "<none>"

// ruleCase is one table-test case of a semantic rule.
type ruleCase struct {
	name    string
	src     string
	code    string
	pointer string // noDiag for a valid case
	sev     Severity
}

// runRules parses src, which must be well-formed JSON, and runs the
// semantic rules at the document's own version (the newest when absent).
func runRules(t testing.TB, src string) Diagnostics {
	t.Helper()
	doc, parseDiags := Parse([]byte(src))
	require.Empty(t, parseDiags, "test input must be well-formed JSON:\n%s", src)
	return checkSemantics(doc, documentVersion(doc)).Normalize()
}

// documentVersion is the version the document declares, or the newest one.
func documentVersion(doc *Document) Version {
	if s, ok := doc.Root.Get("version").Str(); ok {
		if v, err := ParseVersion(s); err == nil {
			return v
		}
	}
	return LatestVersion()
}

func runRuleCases(t *testing.T, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ds := runRules(t, tc.src)
			if tc.pointer == noDiag {
				for _, d := range ds {
					require.NotEqual(t, tc.code, d.Code, "unexpected diagnostic %s", d)
				}
				return
			}
			found := slices.ContainsFunc(ds, func(d Diagnostic) bool {
				return d.Code == tc.code && d.Pointer == tc.pointer && d.Severity == tc.sev
			})
			require.True(t, found, "want %s %s at %q, got:\n%s", tc.sev, tc.code, tc.pointer, printDiagnostics(ds))
		})
	}
}

func printDiagnostics(ds Diagnostics) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// flowDoc builds a document; top holds extra top-level members ("" for none).
func flowDoc(version, top string, screens ...string) string {
	return fmt.Sprintf(`{"version":%q,%s"screens":[%s]}`, version, withComma(top), strings.Join(screens, ","))
}

// screenJSON builds a screen; extra holds extra screen members ("" for none).
func screenJSON(id string, terminal bool, extra string, children ...string) string {
	return fmt.Sprintf(`{"id":%q,"terminal":%t,%s"layout":{"type":"SingleColumnLayout","children":[%s]}}`,
		id, terminal, withComma(extra), strings.Join(children, ","))
}

func withComma(members string) string {
	if members == "" {
		return ""
	}
	return members + ","
}

// completeFooter ends a terminal screen.
const completeFooter = `{"type":"Footer","label":"Done","on-click-action":{"name":"complete","payload":{}}}`

// navigateFooter is a Footer navigating to target with a payload object.
func navigateFooter(target, payload string) string {
	return fmt.Sprintf(`{"type":"Footer","label":"Next","on-click-action":{"name":"navigate","next":{"type":"screen","name":%q},"payload":%s}}`,
		target, payload)
}

func textInput(name string) string {
	return fmt.Sprintf(`{"type":"TextInput","name":%q,"label":"Name"}`, name)
}

func textBody(text string) string {
	return fmt.Sprintf(`{"type":"TextBody","text":%q}`, text)
}

// corpusInvalid lists the corpus files MANIFEST.md marks invalid, with the
// codes these rules must report for the reasons it gives. An empty list
// means the defects are the JSON Schema's (unknown keys, enums, patterns).
func corpusInvalid() map[string][]string {
	return map[string][]string{
		"pywa-v6_2-navigation-list.json":    {CodeInvalidNavigateNextScreen, CodeInvalidRoutingModel, CodeInvalidNavigateActionPayload},
		"treble-v7_0-user-info.json":        {CodeInvalidScreenDynamicData},
		"misingo255-v4_0-azam-marines.json": {CodeInvalidScreenData},
		"misingo255-v3_1-zan-fast-ferries.json": {
			CodeInvalidNavigateActionPayload, CodeInvalidOnClickActionPayload,
		},
		"miimii-v7_2-login-placeholder.json":        nil,
		"miimii-v3_0-onboarding.json":               {CodeInvalidRoutingModel},
		"miimii-simple-pin-wrong-schema.json":       {CodeMissingTerminalScreen},
		"metaerr-v7_3-screen-id-with-digit.json":    nil,
		"metaerr-v7_3-complete-on-nonterminal.json": {CodeInvalidCompleteAction, CodeMissingTerminalScreen},
		"metaerr-v7_3-embeddedlink-complete.json":   nil,
		"metaerr-v7_3-routing-backward-route.json":  {CodeInvalidRoutingModel},
		"metaerr-v7_3-if-footer-without-else.json":  {CodeMissingFooterInIfElse},
	}
}

// TestCorpusVerdicts runs the rules over the shared corpus: valid flows
// get no errors (warnings are fine), invalid ones get the codes MANIFEST.md
// gives as the reason.
func TestCorpusVerdicts(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "shared", "corpus", "flows", "*.json"))
	require.NoError(t, err)
	if len(files) == 0 {
		t.Skip("the shared flow corpus is not available")
	}
	invalid := corpusInvalid()
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			doc, parseDiags := Parse(src)
			require.Empty(t, parseDiags)
			ds := checkSemantics(doc, documentVersion(doc))
			codes, isInvalid := invalid[name]
			if !isInvalid {
				require.False(t, ds.HasErrors(), "valid flow got errors:\n%s", printDiagnostics(ds))
				return
			}
			for _, code := range codes {
				require.True(t, slices.ContainsFunc(ds, func(d Diagnostic) bool {
					return d.Code == code && d.Severity == SeverityError
				}), "want %s, got:\n%s", code, printDiagnostics(ds))
			}
		})
	}
}
