package flowjson

// Image shows a base64 JPEG or PNG.
type Image struct {
	Src    string    `json:"src"`
	Width  IntOrExpr `json:"width"`
	Height IntOrExpr `json:"height"`
	// ScaleType is contain (default) or cover.
	ScaleType   string       `json:"scale-type"`
	AspectRatio NumberOrExpr `json:"aspect-ratio"`
	AltText     string       `json:"alt-text"`
	Visible     BoolOrExpr   `json:"visible"`
	Extra       Extra        `json:"-"`
	explicitKeys
}

// ImageCarousel (7.1+) shows one to three images the user swipes through.
type ImageCarousel struct {
	Images CarouselImagesOrExpr `json:"images"`
	// AspectRatio is "4:3" (default) or "16:9".
	AspectRatio string     `json:"aspect-ratio"`
	ScaleType   string     `json:"scale-type"`
	Visible     BoolOrExpr `json:"visible"`
	Extra       Extra      `json:"-"`
	explicitKeys
}

// CarouselImage is one image of an ImageCarousel.
type CarouselImage struct {
	// Src is base64 image data.
	Src     string `json:"src"`
	AltText string `json:"alt-text"`
	Extra   Extra  `json:"-"`
	explicitKeys
}

// ComponentType returns "Image".
func (*Image) ComponentType() string { return "Image" }

func (*Image) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (i Image) MarshalJSON() ([]byte, error) { return encodeObject(i, "Image") }

// UnmarshalJSON decodes a Image object, keeping unknown keys in Extra.
func (i *Image) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, i) }

// ComponentType returns "ImageCarousel".
func (*ImageCarousel) ComponentType() string { return "ImageCarousel" }

func (*ImageCarousel) isComponent() {}

// MarshalJSON encodes the component with "type" first.
func (i ImageCarousel) MarshalJSON() ([]byte, error) { return encodeObject(i, "ImageCarousel") }

// UnmarshalJSON decodes a ImageCarousel object, keeping unknown keys in Extra.
func (i *ImageCarousel) UnmarshalJSON(b []byte) error { return decodeComponentInto(b, i) }

// MarshalJSON encodes the object with its members in a stable order.
func (c CarouselImage) MarshalJSON() ([]byte, error) { return encodeObject(c, "") }

// UnmarshalJSON decodes the object, keeping unknown keys in Extra.
func (c *CarouselImage) UnmarshalJSON(b []byte) error { return decodeInto(b, c) }
