/*
 * The XML writers' shared text handling (xml.c).
 */
#ifndef DOCKAUDIT_REPORT_XML_H
#define DOCKAUDIT_REPORT_XML_H

#include <stdio.h>

#include <libxml/tree.h>

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

/* Write the document (UTF-8, indented) and free it; -1 on a write error. */
int		 report_xml_dump(xmlDocPtr, FILE *);

#endif
