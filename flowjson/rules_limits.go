package flowjson

import (
	"strconv"
	"sync"
	"unicode/utf8"
)

// checkLimits enforces numeric ranges, min ≤ max pairs (§4.3) and the
// character limits (§4.1, as warnings).
func (s *semantics) checkLimits() {
	for _, sc := range s.screens {
		for _, c := range sc.comps {
			s.checkMinMax(c)
			s.checkRanges(c)
			s.checkCharacterLimits(c)
		}
	}
}

// literalNumber returns the value of a number literal.
func literalNumber(n *Node) (float64, bool) {
	if n == nil || n.Kind != KindNumber {
		return 0, false
	}
	v, err := strconv.ParseFloat(n.Number, 64)
	return v, err == nil
}

// minMaxPairs lists, per component, the properties whose minimum may not
// exceed their maximum (MIN_VALUE_GREATER_THAN_MAX).
func minMaxPairs(typ string) [][2]string {
	switch typ {
	case "TextInput":
		return [][2]string{{"min-chars", "max-chars"}}
	case "CheckboxGroup", "ChipsSelector":
		return [][2]string{{"min-selected-items", "max-selected-items"}}
	case "PhotoPicker":
		return [][2]string{{"min-uploaded-photos", "max-uploaded-photos"}}
	case "DocumentPicker":
		return [][2]string{{"min-uploaded-documents", "max-uploaded-documents"}}
	case "CalendarPicker":
		return [][2]string{{"min-days", "max-days"}, {"min-date", "max-date"}}
	case "DatePicker":
		return [][2]string{{"min-date", "max-date"}}
	}
	return nil
}

// checkMinMax compares static pairs. Dates compare as YYYY-MM-DD strings
// (5.0+) or as millisecond timestamps (before 5.0); dynamic values are
// skipped.
func (s *semantics) checkMinMax(c *semComp) {
	for _, pair := range minMaxPairs(c.typ) {
		lo, hi := c.node.Get(pair[0]), c.node.Get(pair[1])
		if minExceedsMax(lo, hi) {
			s.errorf(lo, CodeMinValueGreaterThanMax, "%s of %s cannot be minExceedsMax than %s", pair[0], c.typ, pair[1])
		}
	}
}

func minExceedsMax(lo, hi *Node) bool {
	if a, ok := literalNumber(lo); ok {
		b, ok := literalNumber(hi)
		return ok && a > b
	}
	a, ok1 := lo.Str()
	b, ok2 := hi.Str()
	if !ok1 || !ok2 || isReference(lo) || isReference(hi) {
		return false
	}
	x, err1 := strconv.ParseInt(a, 10, 64)
	y, err2 := strconv.ParseInt(b, 10, 64)
	if err1 == nil && err2 == nil {
		return x > y
	}
	return len(a) == len("2006-01-02") && len(b) == len(a) && a > b
}

// numericRange is an inclusive range of a numeric property.
type numericRange struct {
	key      string
	min, max float64
}

// numericRanges lists the media-picker ranges of §4.3.
func numericRanges(typ string) []numericRange {
	switch typ {
	case "PhotoPicker":
		return []numericRange{{"min-uploaded-photos", 0, 30}, {"max-uploaded-photos", 1, 30}, {"max-file-size-kb", 1, 25600}}
	case "DocumentPicker":
		return []numericRange{{"min-uploaded-documents", 0, 30}, {"max-uploaded-documents", 1, 30}, {"max-file-size-kb", 1, 25600}}
	}
	return nil
}

// checkRanges reports values below (MINIMUM_VALUE_REQUIRED) or above
// (MAXIMUM_VALUE_REQUIRED) their range.
func (s *semantics) checkRanges(c *semComp) {
	for _, r := range numericRanges(c.typ) {
		n := c.node.Get(r.key)
		v, ok := literalNumber(n)
		switch {
		case !ok:
		case v < r.min:
			s.errorf(n, CodeMinimumValueRequired, "%s of %s should be at least %g", r.key, c.typ, r.min)
		case v > r.max:
			s.errorf(n, CodeMaximumValueRequired, "%s of %s should be at most %g", r.key, c.typ, r.max)
		}
	}
}

// charLimit is a character limit of one string, reached from a component
// by path. note explains a limit the sources disagree on (§9).
type charLimit struct {
	path []string
	max  int
	note string
}

// charLimits returns the limits of §4.3 by component type. Where Meta and
// pywa disagree (§9 #3–#9) Meta's lower number is used, and the message
// says so.
var charLimits = sync.OnceValue(func() map[string][]charLimit {
	l := func(max int, path ...string) charLimit { return charLimit{path: path, max: max} }
	noted := func(max int, note string, path ...string) charLimit {
		return charLimit{path: path, max: max, note: note}
	}
	group := []charLimit{noted(30, "Meta's 4.0 changelog says this limit was raised, its table still says 30", "label"), l(300, "description")}
	return map[string][]charLimit{
		"TextHeading":       {l(80, "text")},
		"TextSubheading":    {l(80, "text")},
		"TextBody":          {l(4096, "text")},
		"TextCaption":       {noted(409, "Meta documents 409, pywa 4096", "text")},
		"TextInput":         {l(20, "label"), l(80, "helper-text"), l(30, "error-message")},
		"TextArea":          {l(20, "label"), l(80, "helper-text")},
		"CheckboxGroup":     group,
		"RadioButtonsGroup": group,
		"Dropdown":          {noted(20, "Meta documents 20, pywa 30", "label")},
		"ChipsSelector":     {l(80, "label"), l(300, "description")},
		"DatePicker":        {l(40, "label"), l(80, "helper-text"), l(80, "error-message")},
		"CalendarPicker":    {l(40, "label"), l(80, "title"), l(300, "description"), l(80, "helper-text"), l(80, "error-message")},
		"OptIn":             {noted(120, "Meta documents 120, pywa 30", "label")},
		"EmbeddedLink":      {noted(25, "Meta documents 25, pywa 35", "text")},
		"Footer":            {l(35, "label"), l(15, "left-caption"), l(15, "right-caption"), l(15, "center-caption")},
		"PhotoPicker":       {noted(80, "Meta documents 80, pywa 30", "label"), l(300, "description")},
		"DocumentPicker":    {noted(80, "Meta documents 80, pywa 30", "label"), l(300, "description")},
		"NavigationList":    {l(80, "label"), l(300, "description")},
	}
})

// itemCharLimits returns the limits of one list item of a component.
var itemCharLimits = sync.OnceValue(func() map[string][]charLimit {
	l := func(max int, path ...string) charLimit { return charLimit{path: path, max: max} }
	listItem := []charLimit{l(30, "title"), l(300, "description"), l(20, "metadata")}
	endNote := "Meta documents 10, pywa 20 for description and 80 for metadata"
	return map[string][]charLimit{
		"CheckboxGroup":     listItem,
		"RadioButtonsGroup": listItem,
		"Dropdown":          listItem,
		"NavigationList": {
			l(30, "main-content", "title"), l(20, "main-content", "description"), l(80, "main-content", "metadata"),
			l(10, "end", "title"),
			{path: []string{"end", "description"}, max: 10, note: endNote},
			{path: []string{"end", "metadata"}, max: 10, note: endNote},
			l(15, "badge"),
		},
	}
})

// checkCharacterLimits warns about static strings over their limit. §4.1
// and §9 #10: Meta lists the limits without an error code and may only
// truncate, so these are warnings, and dynamic values are skipped.
func (s *semantics) checkCharacterLimits(c *semComp) {
	for _, lim := range charLimits()[c.typ] {
		s.checkCharLimit(c.typ, c.node, lim)
	}
	itemLimits := itemCharLimits()[c.typ]
	if itemLimits == nil {
		return
	}
	key := "data-source"
	if c.typ == "NavigationList" {
		key = "list-items"
	}
	items := c.node.Get(key)
	if items == nil || items.Kind != KindArray {
		return
	}
	for _, it := range items.Items {
		for _, lim := range itemLimits {
			s.checkCharLimit(c.typ+" item", it, lim)
		}
		if tags := it.Get("tags"); c.typ == "NavigationList" && tags != nil && tags.Kind == KindArray {
			for _, tag := range tags.Items {
				s.checkCharLimitAt(c.typ+" item", "tags", tag, charLimit{max: 15})
			}
		}
	}
}

func (s *semantics) checkCharLimit(what string, n *Node, lim charLimit) {
	for _, key := range lim.path {
		n = n.Get(key)
	}
	s.checkCharLimitAt(what, lim.path[len(lim.path)-1], n, lim)
}

// checkCharLimitAt checks a string or each string of an array (markdown
// text may be an array of strings).
func (s *semantics) checkCharLimitAt(what, key string, n *Node, lim charLimit) {
	if n != nil && n.Kind == KindArray {
		for _, it := range n.Items {
			s.checkCharLimitAt(what, key, it, lim)
		}
		return
	}
	str, ok := n.Str()
	if !ok || isReference(n) {
		return
	}
	if count := utf8.RuneCountInString(str); count > lim.max {
		note := ""
		if lim.note != "" {
			note = " (" + lim.note + ")"
		}
		s.warnf(n, CodeCharacterLimit, "%s %s has %d characters; the limit is %d and WhatsApp may truncate it%s",
			what, key, count, lim.max, note)
	}
}
