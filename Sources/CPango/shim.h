#pragma once
// The few Pango calls the frames use, declared here against Pango's stable 1.x ABI instead of
// including <pango/pangocairo.h>: its pkg-config flags carry -pthread, which SwiftPM rejects
// with a warning on every build. Types are opaque except PangoRectangle, which is public.
// Reference: https://docs.gtk.org/Pango/ and https://docs.gtk.org/PangoCairo/

typedef struct _cairo cairo_t;
typedef struct _PangoLayout PangoLayout;
typedef struct _PangoFontDescription PangoFontDescription;
typedef struct _PangoFontMap PangoFontMap;
typedef struct _PangoContext PangoContext;
typedef struct _PangoLanguage PangoLanguage;

/// A rectangle in Pango units (1/1024 of a device unit), as <pango/pango-types.h> defines it.
typedef struct { int x, y, width, height; } PangoRectangle;

enum { CNN_PANGO_SCALE = 1024, CNN_PANGO_WEIGHT_NORMAL = 400, CNN_PANGO_WEIGHT_BOLD = 700, CNN_PANGO_WRAP_WORD_CHAR = 2,
       CNN_PANGO_DIRECTION_LTR = 0, CNN_PANGO_DIRECTION_RTL = 1 };

PangoFontMap *pango_cairo_font_map_new(void);
PangoContext *pango_font_map_create_context(PangoFontMap *fontmap);
void pango_cairo_update_context(cairo_t *cr, PangoContext *context);
PangoLanguage *pango_language_from_string(const char *language);
void pango_context_set_base_dir(PangoContext *context, int direction);
void pango_context_set_language(PangoContext *context, PangoLanguage *language);
PangoLayout *pango_layout_new(PangoContext *context);
void pango_cairo_update_layout(cairo_t *cr, PangoLayout *layout);
void pango_cairo_show_layout(cairo_t *cr, PangoLayout *layout);

void pango_layout_set_single_paragraph_mode(PangoLayout *layout, int setting);
void pango_layout_set_auto_dir(PangoLayout *layout, int auto_dir);
void pango_layout_context_changed(PangoLayout *layout);
void pango_layout_set_font_description(PangoLayout *layout, const PangoFontDescription *desc);
void pango_layout_set_text(PangoLayout *layout, const char *text, int length);
void pango_layout_set_width(PangoLayout *layout, int width);
void pango_layout_set_wrap(PangoLayout *layout, int wrap);
void pango_layout_get_extents(PangoLayout *layout, PangoRectangle *ink_rect, PangoRectangle *logical_rect);
int pango_layout_get_baseline(PangoLayout *layout);
int pango_layout_get_unknown_glyphs_count(PangoLayout *layout);

PangoFontDescription *pango_font_description_new(void);
PangoFontDescription *pango_font_description_copy(const PangoFontDescription *desc);
void pango_font_description_free(PangoFontDescription *desc);
void pango_font_description_set_family(PangoFontDescription *desc, const char *family);
void pango_font_description_set_weight(PangoFontDescription *desc, int weight);
void pango_font_description_set_absolute_size(PangoFontDescription *desc, double size);

void g_object_unref(void *object);
