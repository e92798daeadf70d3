/*
 * Reading dockaudit's own XML files safely (xmlin.h). Every input file
 * (benchmark, values, waivers, controls) comes through here: read from
 * disk with a size limit, parsed from memory with network access and
 * entity substitution off, any DOCTYPE refused (no DTD, no entities, no
 * XXE, no entity bomb), then validated against its compiled-in RELAX NG
 * schema, with each libxml2 error turned into one FILE:LINE line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>
#include <libxml/tree.h>

#include "lib/util.h"
#include "lib/xmlin.h"

void
xmlin_verror(struct xmlin *in, int line, const char *fmt, va_list ap)
{
	char	*msg;

	msg = xvasprintf(fmt, ap);
	if (in->quiet)
		;
	else if (line > 0)
		log_error("%s:%d: %s", in->path, line, msg);
	else
		log_error("%s: %s", in->path, msg);
	free(msg);
	in->errors++;
}

void
xmlin_error(struct xmlin *in, int line, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	xmlin_verror(in, line, fmt, ap);
	va_end(ap);
}

/* libxml2's structured errors: one line each, file:line first. */
static void
xml_error(void *arg, xmlErrorPtr err)
{
	struct xmlin	*in = arg;
	char		*msg;
	size_t		 n;

	if (err == NULL || err->level == XML_ERR_WARNING || in->doctype > 0)
		return;
	msg = xstrdup(err->message != NULL ? err->message : "XML error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
		msg[--n] = '\0';
	xmlin_error(in, err->line, "%s", msg);
	free(msg);
}

static int
read_file(struct xmlin *in, char **data, size_t *len)
{
	struct buf	b;
	char		chunk[65536];
	ssize_t		n;
	int		fd;
	struct stat	st;

	/* Never waited on: a FIFO or a device is refused, not read. */
	if ((fd = input_open(in->path, &st)) == -1) {
		xmlin_error(in, 0, "cannot %s: %s", errno == EISDIR ||
		    errno == ENOSTR ? "read" : "open", errno_cause(errno));
		return -1;
	}
	buf_init(&b, XMLIN_FILE_MAX);
	while ((n = read(fd, chunk, sizeof chunk)) > 0) {
		if (buf_append(&b, chunk, (size_t)n) == -1) {
			close(fd);
			buf_free(&b);
			xmlin_error(in, 0, "file is larger than %u bytes",
			    XMLIN_FILE_MAX);
			return -1;
		}
	}
	close(fd);
	if (n < 0) {
		buf_free(&b);
		xmlin_error(in, 0, "cannot read: %s", errno_cause(errno));
		return -1;
	}
	*data = buf_cstr(&b);
	*len = b.len;
	return 0;
}

/*
 * SAX hook for <!DOCTYPE: stop the parser there, before any entity
 * declaration of the internal subset is read.
 */
static void
refuse_doctype(void *ctx, const xmlChar *name, const xmlChar *public_id,
    const xmlChar *system_id)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct xmlin		*in = ctxt->_private;

	(void)name;
	(void)public_id;
	(void)system_id;
	in->doctype = xmlSAX2GetLineNumber(ctx);
	xmlStopParser(ctxt);
}

/* Compiled once each (by schema text), released after loading. */
static struct {
	const char	*text;
	xmlRelaxNGPtr	 rng;
} schemas[4];

void
xmlin_release(void)
{
	size_t	i;

	for (i = 0; i < nitems(schemas); i++) {
		if (schemas[i].rng != NULL)
			xmlRelaxNGFree(schemas[i].rng);
		schemas[i].rng = NULL;
		schemas[i].text = NULL;
	}
}

static xmlRelaxNGPtr
schema_get(const struct xmlin_schema *sc)
{
	xmlRelaxNGParserCtxtPtr	pctxt;
	size_t			i;

	for (i = 0; i < nitems(schemas); i++) {
		if (schemas[i].text == sc->text)
			return schemas[i].rng;
		if (schemas[i].text == NULL)
			break;
	}
	if (i == nitems(schemas))
		fatal("more than %zu embedded schemas", nitems(schemas));
	pctxt = xmlRelaxNGNewMemParserCtxt(sc->text, (int)strlen(sc->text));
	if (pctxt == NULL)
		fatal("cannot load the embedded %s schema", sc->name);
	schemas[i].rng = xmlRelaxNGParse(pctxt);
	xmlRelaxNGFreeParserCtxt(pctxt);
	if (schemas[i].rng == NULL)
		fatal("the embedded %s schema is invalid", sc->name);
	schemas[i].text = sc->text;
	return schemas[i].rng;
}

static int
trusted(const struct xmlin *in, const char *sha256)
{
	size_t	i;

	if (in->trusted == NULL)
		return 0;
	for (i = 0; in->trusted[i] != NULL; i++) {
		if (strcmp(in->trusted[i], sha256) == 0)
			return 1;
	}
	return 0;
}

xmlDocPtr
xmlin_load(struct xmlin *in, const struct xmlin_schema *sc,
    char sha256[65])
{
	xmlDocPtr		doc;
	xmlParserCtxtPtr	ctxt;
	xmlRelaxNGValidCtxtPtr	vctxt;
	char			*data;
	size_t			 len;
	int			 rc;

	if (read_file(in, &data, &len) == -1)
		return NULL;
	sha256_hex(data, len, sha256);
	if ((ctxt = xmlNewParserCtxt()) == NULL)
		fatal("out of memory");
	ctxt->_private = in;
	ctxt->sax->internalSubset = refuse_doctype;
	xmlSetStructuredErrorFunc(in, xml_error);
	doc = xmlCtxtReadMemory(ctxt, data, (int)len, in->path, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_NOCDATA);
	xmlFreeParserCtxt(ctxt);
	if (in->doctype > 0) {
		xmlin_error(in, in->doctype, "DOCTYPE is not allowed (no DTDs "
		    "or entities)");
		goto fail;
	}
	if (doc == NULL) {
		if (in->errors == 0)
			xmlin_error(in, 0, "not a well-formed XML document");
		goto fail;
	}
	if (doc->intSubset != NULL || doc->extSubset != NULL) {
		xmlin_error(in, 1, "DOCTYPE is not allowed (no DTDs or "
		    "entities)");
		goto fail;
	}
	if (in->errors > 0)
		goto fail;
	if (trusted(in, sha256))
		goto valid;
	if (in->precheck != NULL &&
	    in->precheck(in, xmlDocGetRootElement(doc)) > 0)
		goto fail;
	if ((vctxt = xmlRelaxNGNewValidCtxt(schema_get(sc))) == NULL)
		fatal("out of memory");
	xmlRelaxNGSetValidStructuredErrors(vctxt, xml_error, in);
	rc = xmlRelaxNGValidateDoc(vctxt, doc);
	xmlRelaxNGFreeValidCtxt(vctxt);
	if (rc != 0) {
		if (in->errors == 0)
			xmlin_error(in, 0, "does not match the %s schema",
			    sc->name);
		goto fail;
	}
valid:
	xmlSetStructuredErrorFunc(NULL, NULL);
	free(data);
	return doc;

fail:
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (doc != NULL)
		xmlFreeDoc(doc);
	free(data);
	return NULL;
}

xmlDocPtr
xmlin_load_file(const char *path, const struct xmlin_schema *sc,
    char sha256[65])
{
	struct xmlin	in = { .path = path };

	return xmlin_load(&in, sc, sha256);
}

int
xmlin_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

char *
xmlin_attr(xmlNodePtr n, const char *name)
{
	xmlChar	*v;
	char	*s;

	if ((v = xmlGetProp(n, (const xmlChar *)name)) == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

xmlNodePtr
xmlin_child(xmlNodePtr n, const char *name)
{
	for (n = n->children; n != NULL; n = n->next) {
		if (xmlin_is(n, name))
			return n;
	}
	return NULL;
}

char *
xmlin_text(xmlNodePtr n)
{
	xmlChar	*v;
	char	*s, *p, *q;
	int	 space = 0;

	v = xmlNodeGetContent(n);
	s = xstrdup(v != NULL ? (const char *)v : "");
	xmlFree(v);
	for (p = q = s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = q != s;
			continue;
		}
		if (space)
			*q++ = ' ';
		space = 0;
		*q++ = *p;
	}
	*q = '\0';
	return s;
}

int
xmlin_root_is(const char *path, const char *name)
{
	struct stat	 st;
	char		 head[4096], *p;
	ssize_t		 n;
	int		 fd;

	if ((fd = input_open(path, &st)) == -1)
		return 0;
	if ((n = read(fd, head, sizeof head - 1)) < 0) {
		close(fd);
		return 0;
	}
	close(fd);
	head[n] = '\0';
	for (p = head; (p = strchr(p, '<')) != NULL; p++) {
		if (strncmp(p, "<!--", 4) == 0) {
			if ((p = strstr(p, "-->")) == NULL)
				return 0;
			continue;
		}
		if (p[1] == '?' || p[1] == '!')
			continue;
		return strncmp(p + 1, name, strlen(name)) == 0 &&
		    strchr(" \t\r\n>/", p[1 + strlen(name)]) != NULL;
	}
	return 0;
}
