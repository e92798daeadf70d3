/*
 * The one way dockaudit reads an XML file of its own formats (benchmarks,
 * values, waivers, controls): untrusted input, read with a size limit,
 * parsed with fixed safe options, any DOCTYPE refused, validated against
 * a compiled-in RELAX NG schema, every problem printed as FILE:LINE.
 * Plus the helpers the format parsers share to walk the tree.
 *
 * Ownership: xmlin_load() returns a document freed with xmlFreeDoc();
 * xmlin_attr() and xmlin_text() return copies the caller frees;
 * xmlin_child() borrows from the document.
 */
#ifndef DOCKAUDIT_XMLIN_H
#define DOCKAUDIT_XMLIN_H

#include <libxml/tree.h>

#include "lib/util.h"

#define XMLIN_FILE_MAX	(4u << 20)	/* bytes read at most */

/* A compiled-in schema; compiled at its first use, then kept. */
struct xmlin_schema {
	const char	*name;	/* "does not match the NAME schema" */
	const char	*text;	/* RELAX NG */
};

/* One file being read: set the first fields, zero the rest. */
struct xmlin {
	const char	*path;
	int		 quiet;		/* count errors, print none */
	/* SHA-256 (hex) of files accepted without the schema, or NULL. */
	const char *const *trusted;
	/* Run before the schema (not for trusted files); returns the
	 * number of errors it gave through xmlin_error(). */
	int		(*precheck)(struct xmlin *, xmlNodePtr root);
	int		 errors;	/* given so far */
	int		 doctype;	/* line of a refused DOCTYPE */
};

/*
 * Read, parse and validate in->path. Returns the document, or NULL after
 * giving every error. sha256 gets the digest of the bytes read.
 */
xmlDocPtr	 xmlin_load(struct xmlin *, const struct xmlin_schema *,
		    char sha256[65]);
/* The same for a file that needs nothing more. */
xmlDocPtr	 xmlin_load_file(const char *path, const struct xmlin_schema *,
		    char sha256[65]);
/* "FILE:LINE: message" (or "FILE: message" when line <= 0), counted. */
void		 xmlin_error(struct xmlin *, int line, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
void		 xmlin_verror(struct xmlin *, int line, const char *fmt,
		    va_list) __attribute__((format(printf, 3, 0)));
/* Free the compiled schemas (megabytes) once every file is loaded. */
void		 xmlin_release(void);
/*
 * Is the root element of the file <NAME>? Only a look at the first
 * element's name in its first 4 KiB, after the XML declaration and
 * comments, to choose the loader; the loader does the real work.
 */
int		 xmlin_root_is(const char *path, const char *name);

/* Is a node the element NAME? */
int		 xmlin_is(xmlNodePtr, const char *name);
/* An attribute's value (a copy), NULL when absent. */
char		*xmlin_attr(xmlNodePtr, const char *name);
/* The first child element NAME, or NULL. */
xmlNodePtr	 xmlin_child(xmlNodePtr, const char *name);
/* Element text with runs of white space folded to one space, trimmed. */
char		*xmlin_text(xmlNodePtr);

#endif
