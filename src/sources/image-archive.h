/*
 * A container image read from its archive, without a daemon and without
 * unpacking anything to disk: a `docker save` / `podman save` tar
 * (docker-archive: manifest.json, the config, layer tars), plain, gzip,
 * xz, bzip2 or zstd compressed; or an OCI image layout (oci-layout,
 * index.json, blobs/sha256/...), as a directory or as such a tar, its
 * layers plain, gzip or zstd compressed. Used by `dockaudit image` (the
 * image rules read these facts, never the archive).
 *
 * The archive is read in one pass: each layer's facts are taken as its
 * blob goes by and only those small facts are kept, so memory grows with
 * their count, never with the image. At the end the layers are put in the
 * manifest's order and the whiteouts applied. Every blob's SHA-256 is
 * checked against its name, the manifest's digest and the config's
 * diff_ids.
 *
 * Layers count from 1 (the base) to nlayers (the top); 0 means none.
 * Paths are absolute ("/usr/bin/su"), as inside the image. A fact's
 * `deleted` is the first later layer that removed it: a whiteout of it or
 * of a folder above it (`.wh.NAME`), an opaque folder above it
 * (`.wh..wh..opq`), or an entry of its own path that replaces it. A
 * setuid file replaced by a file that is not setuid, or a secret found by
 * its content replaced by a file whose name says nothing, is not seen as
 * replaced (that would mean keeping every path of every layer).
 *
 * Paths, lines and history are the archive's, hostile: sanitise them
 * before they reach a terminal or a report. Causes are sanitised here.
 * Of an archive holding several images (docker save a b), or an OCI index
 * of several manifests, the first is read.
 *
 * Ownership: image_archive_read() returns facts the caller frees with
 * image_facts_free(); everything in them belongs to the facts (config
 * included: borrow it, json_incref to keep it longer).
 */
#ifndef DOCKAUDIT_IMAGE_ARCHIVE_H
#define DOCKAUDIT_IMAGE_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "lib/util.h"

/*
 * The limits against a hostile archive (dockaudit(1) will list them).
 * Going over one fails the read with one error naming the blob:
 *   IMAGE_MAX_BYTES       bytes of the archive and its layers once
 *                         uncompressed, all together (a compression bomb)
 *   IMAGE_MAX_ENTRIES     entries of the archive and of all its layers
 *   IMAGE_MAX_JSON        one JSON document: config, manifest, index
 *   IMAGE_MAX_JSON_TOTAL  all the JSON documents the archive holds
 *   IMAGE_MAX_PATH        the length of one path in a layer or the archive
 *   IMAGE_MAX_LAYERS      layers in the manifest
 *   IMAGE_MAX_BLOBS       files of the archive or of the layout's blobs/sha256
 *   IMAGE_MAX_FACTS       what is kept of the layers, in items: setuid files,
 *                         secrets, package lines, whiteouts, /etc/passwd
 *                         and /etc/group of each layer
 *   IMAGE_MAX_KEPT        the same, in bytes (paths, lines, account files)
 * and, not failing the read but cutting what is kept:
 *   IMAGE_MAX_TEXT        /etc/passwd, /etc/group, a package manager's
 *                         configuration file, an .npmrc: what is read of each
 *                         (the rest is left; `toobig` says so)
 *   IMAGE_MAX_LINE        the text kept of a package manager's line
 * So peak memory is bounded by IMAGE_MAX_KEPT and IMAGE_MAX_JSON_TOTAL
 * (and libarchive's buffers), whatever the image's size; the work done at
 * the end grows with the length of the facts' paths, not with facts times
 * whiteouts. A blob the manifest does not name (VERSION, v1 json files,
 * other images' layers) is hashed and checked against its name only: its
 * other errors do not fail the read.
 * Besides the limits, a path that escapes the root (a `..` component, an
 * absolute path), a hard link or a relative symbolic link that leads out
 * of the root, a truncated archive, a layer that is not a tar, a blob
 * whose SHA-256 is not its digest, and a config that is not JSON each
 * fail the read.
 */
#define IMAGE_MAX_BYTES		(64ULL << 30)
#define IMAGE_MAX_ENTRIES	2000000ULL
#define IMAGE_MAX_JSON		((size_t)4 << 20)
#define IMAGE_MAX_JSON_TOTAL	((size_t)32 << 20)
#define IMAGE_MAX_PATH		((size_t)4096)
#define IMAGE_MAX_LAYERS	256U
#define IMAGE_MAX_BLOBS		10000U
#define IMAGE_MAX_FACTS		100000U
#define IMAGE_MAX_KEPT		((size_t)64 << 20)
#define IMAGE_MAX_TEXT		((size_t)1 << 20)
#define IMAGE_MAX_LINE		((size_t)512)

/* The limits of one read; image_limits_default() gives the constants. */
struct image_limits {
	uint64_t	 bytes;
	uint64_t	 entries;
	size_t		 json;
	size_t		 json_total;
	size_t		 path;
	unsigned	 layers;
	unsigned	 blobs;
	unsigned	 facts;
	size_t		 kept;
};
void	image_limits_default(struct image_limits *);

struct image_layer {
	char		*blob;		/* its name in the archive */
	char		 digest[72];	/* "sha256:HEX" of the blob as stored */
	char		 diff_id[72];	/* "sha256:HEX" of the tar, uncompressed */
	const char	*compression;	/* "none", "gzip", "zstd", "xz", "bzip2" */
	uint64_t	 size;		/* bytes of the tar, uncompressed */
	uint64_t	 entries;
};

/* A history entry of the config, and the layer it made (0: empty_layer). */
struct image_history {
	char		*created;	/* or NULL */
	char		*created_by;	/* or NULL */
	char		*comment;	/* or NULL */
	int		 empty_layer;
	unsigned	 layer;
};

/* A regular file with the setuid or setgid bit. */
struct image_setid {
	char		*path;
	unsigned	 mode;		/* with the file type bits: 0104755 */
	unsigned long	 uid;
	unsigned long	 gid;
	unsigned	 added;
	unsigned	 deleted;
};

/*
 * A file that looks like a secret; its content is never kept. kind:
 * "private-key" (a PEM private key block in the file), "ssh-private-key"
 * (id_rsa, id_dsa, id_ecdsa, id_ed25519), "aws-credentials"
 * (.aws/credentials), "npm-token" (.npmrc with _authToken),
 * "git-credentials" (.git-credentials), "dotenv" (.env, .env.NAME but
 * .env.example, .env.sample, .env.template).
 */
struct image_secret {
	const char	*kind;
	char		*path;
	unsigned	 added;
	unsigned	 deleted;
};

/*
 * A line of a package manager's configuration that turns verification
 * off. kind: "apt-trusted" (trusted=yes, Trusted: yes), "apt-unauthenticated"
 * (AllowUnauthenticated, AllowInsecureRepositories,
 * AllowDowngradeToInsecureRepositories, not set false), "yum-nogpgcheck"
 * (gpgcheck=0, false or no). Files: /etc/apt/sources.list,
 * /etc/apt/sources.list.d/ *.list and *.sources, /etc/apt/apt.conf,
 * /etc/apt/apt.conf.d/ *, /etc/yum.conf, /etc/dnf/dnf.conf,
 * /etc/yum.repos.d/ *.repo.
 */
struct image_pkgline {
	const char	*kind;
	char		*path;
	unsigned	 line;		/* from 1 */
	char		*text;		/* the line, cut at IMAGE_MAX_LINE bytes */
	unsigned	 added;
	unsigned	 deleted;
};

/* /etc/passwd or /etc/group as the top layer has it. */
struct image_text {
	char		*data;		/* NUL-terminated; NULL: absent */
	size_t		 len;
	unsigned	 layer;		/* the layer it comes from; 0: absent */
	int		 toobig;	/* longer than IMAGE_MAX_TEXT: cut */
	int		 notfile;	/* the path is there but not a regular file */
};

struct image_facts {
	const char		*format;	/* "docker-archive" or "oci" */
	struct strlist		 tags;		/* its names: RepoTags, or the
						 * OCI ref.name annotation */
	char			 config_digest[72];
	json_t			*config;	/* the whole config document */
	char			*user;		/* Config.User, or NULL */
	struct strlist		 env;		/* Config.Env */
	int			 healthcheck;	/* Config.Healthcheck is there */
	struct strlist		 healthcheck_test; /* its Test ("NONE": off) */
	struct image_history	*history;
	size_t			 nhistory;
	struct image_layer	*layers;	/* layers[0] is layer 1 */
	size_t			 nlayers;
	struct image_setid	*setid;		/* by layer added, tar order */
	size_t			 nsetid;
	struct image_secret	*secrets;	/* likewise */
	size_t			 nsecrets;
	struct image_pkgline	*pkglines;	/* likewise, then line */
	size_t			 npkglines;
	struct image_text	 passwd;
	struct image_text	 group;
};

/*
 * Read the archive or OCI layout directory at path. limits NULL: the
 * constants. The facts, or NULL and *cause: one line that names the blob
 * (or the archive's entry) at fault, without the path of the archive.
 * Nothing is printed.
 */
struct image_facts	*image_archive_read(const char *path,
			    const struct image_limits *limits, char **cause);
/* The same from a stream of a tar (an export, GET /images/{id}/get),
 * read once from fd, which the caller closes. */
struct image_facts	*image_archive_read_fd(int fd,
			    const struct image_limits *limits, char **cause);
void			 image_facts_free(struct image_facts *);

#endif
