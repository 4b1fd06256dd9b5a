/*
 * print.c - bleed, crop marks, outlined text and print boxes of the panels
 * (see print.h).
 */
#include "print.h"

#include "pages.h"

double
rd_print_margin_mm(const rd_print *pr)
{
	return pr->bleed_mm + (pr->crop_marks ? RD_MARKS_ROOM_MM : 0);
}

void
rd_print_boxes(const rd_print *pr, double trim_w_mm, double trim_h_mm, rd_pdf_boxes *b)
{
	const double r = RD_MM_TO_PT(rd_print_margin_mm(pr)), bl = RD_MM_TO_PT(pr->bleed_mm);
	const double w = RD_MM_TO_PT(trim_w_mm), h = RD_MM_TO_PT(trim_h_mm);

	b->trim[0] = r;
	b->trim[1] = r;
	b->trim[2] = r + w;
	b->trim[3] = r + h;
	b->bleed[0] = r - bl;
	b->bleed[1] = r - bl;
	b->bleed[2] = r + w + bl;
	b->bleed[3] = r + h + bl;
}

void
rd_draw_crop_marks(cairo_t *cr, const rd_print *pr, double trim_w_mm, double trim_h_mm)
{
	const double r = RD_MM_TO_PT(rd_print_margin_mm(pr));
	const double off = RD_MM_TO_PT(pr->bleed_mm + RD_MARK_GAP_MM);
	const double len = RD_MM_TO_PT(RD_MARK_LEN_MM);
	const double xs[2] = {r, r + RD_MM_TO_PT(trim_w_mm)};
	const double ys[2] = {r, r + RD_MM_TO_PT(trim_h_mm)};

	cairo_save(cr);
	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, RD_MARK_LINE_PT);
	cairo_set_line_cap(cr, CAIRO_LINE_CAP_BUTT);
	for (int i = 0; i < 2; i++) {
		for (int j = 0; j < 2; j++) {
			const double sx = i == 0 ? -1 : 1, sy = j == 0 ? -1 : 1;

			/* Horizontal, on the line of the trim's top or bottom edge. */
			cairo_move_to(cr, xs[i] + sx * off, ys[j]);
			cairo_line_to(cr, xs[i] + sx * (off + len), ys[j]);
			/* Vertical, on the line of the trim's left or right edge. */
			cairo_move_to(cr, xs[i], ys[j] + sy * off);
			cairo_line_to(cr, xs[i], ys[j] + sy * (off + len));
		}
	}
	cairo_stroke(cr);
	cairo_restore(cr);
}

int
rd_render_panel(rd_out *out, const char *rel, rd_panel_format format, const rd_print *pr,
                rd_fonts *fonts, const ar_rules *rules, const rd_laureat *l, double w_mm,
                double h_mm, const char *iso, rd_err *e)
{
	const double margin = rd_print_margin_mm(pr);
	const double pw = w_mm + 2 * margin, ph = h_mm + 2 * margin;
	const rd_panel_style style = {pr->outline_text, pr->with_name};
	rd_doc *d;
	cairo_t *cr;
	int rc;

	d = format == RD_PANEL_PDF ? rd_doc_pdf(out, rel, pw, ph, iso, e)
	  : format == RD_PANEL_SVG ? rd_doc_svg(out, rel, pw, ph, e)
	  : rd_doc_png(out, rel, pw, ph, e);
	if (d == NULL)
		return -1;
	cr = rd_doc_cairo(d);
	cairo_save(cr);
	if (margin > 0) {
		/* The panel's background reaches the bleed, not the marks' room. */
		const double r = RD_MM_TO_PT(margin), bl = RD_MM_TO_PT(pr->bleed_mm);

		cairo_rectangle(cr, r - bl, r - bl, RD_MM_TO_PT(w_mm) + 2 * bl,
		                RD_MM_TO_PT(h_mm) + 2 * bl);
		cairo_clip(cr);
		cairo_translate(cr, r, r);
	}
	rc = rd_draw_panel_styled(cr, fonts, rules, l, w_mm, h_mm, &style, NULL, e);
	cairo_restore(cr);
	if (rc != 0) {
		rd_doc_abort(d);
		return -1;
	}
	if (pr->crop_marks)
		rd_draw_crop_marks(cr, pr, w_mm, h_mm);
	if (pr->boxes) {
		rd_pdf_boxes b;

		rd_print_boxes(pr, w_mm, h_mm, &b);
		rd_doc_set_boxes(d, &b);
	}
	return rd_doc_close(d, e);
}
