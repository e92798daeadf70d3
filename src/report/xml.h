/*
 * The XML writers' shared text handling and tree helpers (xml.c), for
 * XML and HTML documents, built as trees or streamed.
 */
#ifndef DOCKAUDIT_REPORT_XML_H
#define DOCKAUDIT_REPORT_XML_H

#include <stdio.h>

#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

/*
 * Text for a tree (a new string, free()): C0 controls but tab, newline
 * and carriage return, DEL, U+FFFE, U+FFFF, C1 controls and bidi controls
 * become U+FFFD; NULL is "".
 */
xmlChar		*report_xml_text(const char *);
/* An attribute, an empty element, an element with text: all cleaned. */
void		 report_xml_prop(xmlNodePtr, const char *name, const char *);
xmlNodePtr	 report_xml_child(xmlNodePtr, const char *name);
xmlNodePtr	 report_xml_text_child(xmlNodePtr, const char *name,
		    const char *text);

/* A bare text node, cleaned, after what parent already holds. */
void		 report_xml_words(xmlNodePtr, const char *);
/* Give n a class when cls is not NULL; n is returned. */
xmlNodePtr	 report_xml_class(xmlNodePtr n, const char *cls);
/*
 * An element holding one of our constants (a style sheet, a script) as
 * it is: never data, which goes through report_xml_text_child().
 */
xmlNodePtr	 report_xml_own_child(xmlNodePtr, const char *name,
		    const char *ours);

/* Write the document (UTF-8, indented) and free it; -1 on a write error. */
int		 report_xml_dump(xmlDocPtr, FILE *);

/* An HTML5 document (<!DOCTYPE html>), its root <html lang=...> in *root. */
xmlDocPtr	 report_html_new(const char *lang, xmlNodePtr *root);
/* Write it (meta charset UTF-8, indented) and free it; -1 on a write
 * error. */
int		 report_html_dump(xmlDocPtr, FILE *);

/* For streamed documents: an attribute and text, cleaned; -1 on error. */
int		 report_xml_write_attr(xmlTextWriterPtr, const char *name,
		    const char *);
int		 report_xml_write_text(xmlTextWriterPtr, const char *);

#endif
