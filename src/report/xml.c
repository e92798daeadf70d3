/*
 * What the XML writers share (HTML, JUnit, XCCDF, the fleet report): the
 * one way hostile text becomes XML text, and the tree helpers that put it
 * there (libxml2 escapes markup; this removes what XML cannot carry and
 * what would mislead a reader).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLtree.h>

#include "report/xml.h"
#include "lib/util.h"

/*
 * Text for the tree: valid UTF-8 comes from jansson; characters XML 1.0
 * cannot carry (C0 controls but tab, newline and carriage return, and the
 * non-characters U+FFFE and U+FFFF), DEL, C1 controls and the bidi
 * controls that would reorder a hostile name become U+FFFD.
 */
xmlChar *
report_xml_text(const char *s)
{
	const unsigned char	*p;
	char			*out, *o;
	unsigned int		 cp;
	size_t			 n, left;

	if (s == NULL)
		s = "";
	left = strlen(s);
	o = out = xmalloc(left * 3 + 1);
	for (p = (const unsigned char *)s; *p != '\0'; p++, left--) {
		if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
		    *p == 0x7f || (left >= 3 && p[0] == 0xef && p[1] == 0xbf &&
		    (p[2] == 0xbe || p[2] == 0xbf))) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			if (*p == 0xef) {
				p += 2;
				left -= 2;
			}
		} else if ((n = text_control(p, left, &cp)) > 0) {
			memcpy(o, "\xef\xbf\xbd", 3);
			o += 3;
			p += n - 1;
			left -= n - 1;
		} else
			*o++ = (char)*p;
	}
	*o = '\0';
	return (xmlChar *)out;
}

void
report_xml_prop(xmlNodePtr n, const char *name, const char *value)
{
	xmlChar	*c = report_xml_text(value);

	xmlNewProp(n, (const xmlChar *)name, c);
	free(c);
}

xmlNodePtr
report_xml_child(xmlNodePtr parent, const char *name)
{
	return xmlNewChild(parent, NULL, (const xmlChar *)name, NULL);
}

xmlNodePtr
report_xml_text_child(xmlNodePtr parent, const char *name, const char *text)
{
	xmlChar		*c = report_xml_text(text);
	xmlNodePtr	 n;

	n = xmlNewTextChild(parent, NULL, (const xmlChar *)name, c);
	free(c);
	return n;
}

void
report_xml_words(xmlNodePtr parent, const char *s)
{
	xmlChar	*c = report_xml_text(s);

	xmlAddChild(parent, xmlNewText(c));
	free(c);
}

xmlNodePtr
report_xml_class(xmlNodePtr n, const char *cls)
{
	if (cls != NULL)
		report_xml_prop(n, "class", cls);
	return n;
}

xmlNodePtr
report_xml_own_child(xmlNodePtr parent, const char *name, const char *ours)
{
	return xmlNewTextChild(parent, NULL, (const xmlChar *)name,
	    (const xmlChar *)ours);
}

int
report_xml_dump(xmlDocPtr doc, FILE *fp)
{
	xmlChar	*mem = NULL;
	int	 len = 0, rc = 0;

	xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
	if (mem == NULL || fwrite(mem, 1, (size_t)len, fp) != (size_t)len)
		rc = -1;
	xmlFree(mem);
	xmlFreeDoc(doc);
	return rc;
}

xmlDocPtr
report_html_new(const char *lang, xmlNodePtr *root)
{
	htmlDocPtr	doc;

	doc = htmlNewDocNoDtD(NULL, NULL);
	xmlCreateIntSubset(doc, (const xmlChar *)"html", NULL, NULL);
	*root = xmlNewDocNode(doc, NULL, (const xmlChar *)"html", NULL);
	xmlDocSetRootElement(doc, *root);
	report_xml_prop(*root, "lang", lang);
	return doc;
}

int
report_html_dump(xmlDocPtr doc, FILE *fp)
{
	xmlChar	*mem = NULL;
	int	 len = 0, rc = 0;

	htmlSetMetaEncoding(doc, (const xmlChar *)"UTF-8");
	htmlDocDumpMemoryFormat(doc, &mem, &len, 1);
	if (mem == NULL || fwrite(mem, 1, (size_t)len, fp) != (size_t)len)
		rc = -1;
	xmlFree(mem);
	xmlFreeDoc(doc);
	return rc;
}

int
report_xml_write_attr(xmlTextWriterPtr w, const char *name,
    const char *value)
{
	xmlChar	*c = report_xml_text(value);
	int	 rc;

	rc = xmlTextWriterWriteAttribute(w, (const xmlChar *)name, c);
	free(c);
	return rc < 0 ? -1 : 0;
}

int
report_xml_write_text(xmlTextWriterPtr w, const char *s)
{
	xmlChar	*c = report_xml_text(s);
	int	 rc;

	rc = xmlTextWriterWriteString(w, c);
	free(c);
	return rc < 0 ? -1 : 0;
}
