package httpapi

import (
	"math"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/waflow/waflow/flowjson"
	"github.com/waflow/waflow/lifecycle"
)

// mimeJavaScript is the media type handler scripts are served as.
const mimeJavaScript = "application/javascript; charset=utf-8"

// scriptTypes are the media types a script upload may be sent as.
func scriptTypes() []string {
	return []string{"application/javascript", "text/javascript", fiber.MIMETextPlain}
}

// requireMediaType refuses a body whose Content-Type is none of allowed
// (parameters such as charset are ignored; a "+json" suffix counts as
// JSON). A body sent without a Content-Type is taken as it is.
func requireMediaType(c *fiber.Ctx, what string, allowed ...string) error {
	ct := c.Get(fiber.HeaderContentType)
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && (slices.Contains(allowed, mt) ||
		slices.Contains(allowed, fiber.MIMEApplicationJSON) && strings.HasSuffix(mt, "+json")) {
		return nil
	}
	return &Error{Status: http.StatusUnsupportedMediaType, Code: CodeUnsupportedMediaType,
		Message: "the request body must be " + what + " (Content-Type: " + strings.Join(allowed, " or ") + ")"}
}

// revisionQuery reads ?revision=N; 0 when absent.
func revisionQuery(c *fiber.Ctx) (int, error) {
	return intQuery(c, "revision", 1, math.MaxInt32)
}

// scriptView is a script revision without its source.
type scriptView struct {
	FlowID    string    `json:"flow_id"`
	Revision  int       `json:"revision"`
	Form      string    `json:"form"`
	CreatedAt time.Time `json:"created_at"`
}

func (h *flowsHandlers) putJSON(c *fiber.Ctx) error {
	if err := requireMediaType(c, "Flow JSON", fiber.MIMEApplicationJSON); err != nil {
		return err
	}
	id := c.Params("id")
	f, rev, err := h.deps.Flows.PutJSON(c.UserContext(), id, c.Body())
	if err != nil {
		return err
	}
	h.changed(id)
	c.Location("/wa/v2/flows/" + id + "/json?revision=" + strconv.Itoa(rev.Number))
	// The revision shows without its document (Revision.JSON is not
	// encoded) and with the warnings validation found.
	return c.Status(http.StatusCreated).JSON(struct {
		Flow     flowView           `json:"flow"`
		Revision lifecycle.Revision `json:"revision"`
	}{viewFlow(f), rev})
}

func (h *flowsHandlers) getJSON(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), c.Params("id")
	n, err := h.revision(c, func(f lifecycle.Flow) int { return f.CurrentRevision },
		"the flow has no Flow JSON yet; PUT one to /wa/v2/flows/"+id+"/json")
	if err != nil {
		return err
	}
	rev, err := h.deps.Flows.Revision(ctx, id, n)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(rev.JSON)
}

func (h *flowsHandlers) revisions(c *fiber.Ctx) error {
	revs, err := h.deps.Flows.Revisions(c.UserContext(), c.Params("id"))
	if err != nil {
		return err
	}
	if revs == nil {
		revs = []lifecycle.Revision{}
	}
	return c.JSON(struct {
		Data []lifecycle.Revision `json:"data"`
	}{revs})
}

func (h *flowsHandlers) putScript(c *fiber.Ctx) error {
	if err := requireMediaType(c, "JavaScript", scriptTypes()...); err != nil {
		return err
	}
	id := c.Params("id")
	f, sc, err := h.deps.Flows.PutScript(c.UserContext(), id, string(c.Body()))
	if err != nil {
		return err
	}
	h.changed(id)
	c.Location("/wa/v2/flows/" + id + "/script?revision=" + strconv.Itoa(sc.Revision))
	return c.Status(http.StatusCreated).JSON(struct {
		Flow   flowView   `json:"flow"`
		Script scriptView `json:"script"`
	}{viewFlow(f), scriptView{FlowID: sc.FlowID, Revision: sc.Revision, Form: sc.Form, CreatedAt: sc.CreatedAt}})
}

func (h *flowsHandlers) getScript(c *fiber.Ctx) error {
	ctx, id := c.UserContext(), c.Params("id")
	n, err := h.revision(c, func(f lifecycle.Flow) int { return f.ScriptRevision },
		"the flow has no handler script; PUT one to /wa/v2/flows/"+id+"/script")
	if err != nil {
		return err
	}
	sc, err := h.deps.Flows.Script(ctx, id, n)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, mimeJavaScript)
	return c.SendString(sc.Source)
}

// revision returns the revision the request's query names or, without one,
// the flow's revision that current picks; a flow whose pick is 0 has none,
// a 404 saying missing.
func (h *flowsHandlers) revision(c *fiber.Ctx, current func(lifecycle.Flow) int, missing string) (int, error) {
	n, err := revisionQuery(c)
	if err != nil || n != 0 {
		return n, err
	}
	f, err := h.deps.Flows.GetFlow(c.UserContext(), c.Params("id"))
	if err != nil {
		return 0, err
	}
	if current(f) == 0 {
		return 0, NotFound(missing)
	}
	return current(f), nil
}

// validationView is the answer of POST /wa/v2/flows/validate: what
// "waflow validate --format json" reports for one file.
type validationView struct {
	Valid bool `json:"valid"`
	// Version is the version the document was checked against; "" when
	// none could be determined.
	Version     string               `json:"version"`
	Diagnostics flowjson.Diagnostics `json:"diagnostics"`
}

func (h *flowsHandlers) validate(c *fiber.Ctx) error {
	if err := requireMediaType(c, "Flow JSON", fiber.MIMEApplicationJSON); err != nil {
		return err
	}
	var (
		opts   flowjson.Options
		fields []FieldDetail
	)
	if v := c.Query("flow_version"); v != "" {
		if _, err := flowjson.ParseVersion(v); err != nil {
			fields = append(fields, FieldDetail{Field: "flow_version", Message: "unknown Flow JSON version " + strconv.Quote(v)})
		}
		opts.FlowVersion = v
	}
	if s := c.Query("strict"); s != "" {
		strict, err := strconv.ParseBool(s)
		if err != nil {
			fields = append(fields, FieldDetail{Field: "strict", Message: "must be true or false"})
		}
		opts.Strict = strict
	}
	if len(fields) > 0 {
		return brokenRules(fields...)
	}
	res := flowjson.Validate(c.Body(), opts)
	out := validationView{Valid: res.Valid(), Diagnostics: res.Diagnostics}
	if res.Version != (flowjson.Version{}) {
		out.Version = res.Version.String()
	}
	return c.JSON(out)
}
