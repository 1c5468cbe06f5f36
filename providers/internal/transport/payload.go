package transport

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"net/url"
)

// Payload is an encoded request body and its content type.
type Payload struct {
	ContentType string
	Data        []byte
}

// JSON encodes v without HTML escaping and without the trailing newline,
// so that golden files stay readable.
func JSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// JSONPayload is v encoded by [JSON] as an application/json body.
func JSONPayload(v any) (Payload, error) {
	data, err := JSON(v)
	if err != nil {
		return Payload{}, err
	}
	return Payload{ContentType: "application/json", Data: data}, nil
}

// FormPayload is v as an application/x-www-form-urlencoded body.
func FormPayload(v url.Values) Payload {
	return Payload{ContentType: "application/x-www-form-urlencoded", Data: []byte(v.Encode())}
}

// FilePart is the file of a multipart body.
type FilePart struct {
	Field, Filename, ContentType string
	Data                         []byte
}

// MultipartPayload writes file and then fields (in the order given). The
// boundary is derived from the file's hash, so that the same upload always
// has the same bytes.
func MultipartPayload(file FilePart, fields ...[2]string) (Payload, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	sum := sha256.Sum256(file.Data)
	if err := w.SetBoundary("waflow-" + hex.EncodeToString(sum[:12])); err != nil {
		return Payload{}, err
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%q; filename=%q`, file.Field, file.Filename))
	h.Set("Content-Type", file.ContentType)
	part, err := w.CreatePart(h)
	if err != nil {
		return Payload{}, err
	}
	if _, err := part.Write(file.Data); err != nil {
		return Payload{}, err
	}
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return Payload{}, err
		}
	}
	if err := w.Close(); err != nil {
		return Payload{}, err
	}
	return Payload{ContentType: w.FormDataContentType(), Data: buf.Bytes()}, nil
}

// FlowJSONPart is the multipart body of a flow.json upload: the document
// as the part "file" named flow.json, then fields.
func FlowJSONPart(doc []byte, fields ...[2]string) (Payload, error) {
	return MultipartPayload(FilePart{Field: "file", Filename: "flow.json", ContentType: "application/json", Data: doc}, fields...)
}
