/*
 * OpenSSH file signatures (PROTOCOL.sshsig) for --sign and dockaudit
 * verify: an auditor checks a report with the ssh-keygen they already
 * have. The openssh-key-v1 private key format, the agent protocol
 * (draft-miller-ssh-agent) and the signature blob are parsed and written
 * here; Ed25519, SHA-2 and base64 are nettle's.
 */
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <nettle/base64.h>
#include <nettle/eddsa.h>
#include <nettle/sha2.h>

#include "lib/sshsig.h"
#include "lib/util.h"

#define SSHSIG_MAGIC		"SSHSIG"
#define SSHSIG_MAGIC_LEN	6
#define SSHSIG_VERSION		1
#define SSHSIG_HASH		"sha512"
#define SSHSIG_BEGIN		"-----BEGIN SSH SIGNATURE-----"
#define SSHSIG_END		"-----END SSH SIGNATURE-----"
#define SSHSIG_WRAP		70	/* ssh-keygen's line width */
#define KEY_BEGIN		"-----BEGIN OPENSSH PRIVATE KEY-----"
#define KEY_END			"-----END OPENSSH PRIVATE KEY-----"
#define KEY_MAGIC		"openssh-key-v1"	/* and its NUL */
#define KEY_TYPE		"ssh-ed25519"
#define ARMOR_MAX		(64 * 1024)	/* a key or a signature file */
#define SIGNERS_MAX		(1u << 20)	/* an allowed signers file */
#define WIRE_MAX		(256 * 1024)	/* a blob we build, an answer */
#define AGENT_TIMEOUT_S		30	/* the agent may ask to confirm */
#define AGENTC_REQUEST_IDENTITIES	11
#define AGENT_IDENTITIES_ANSWER		12
#define AGENTC_SIGN_REQUEST		13
#define AGENT_SIGN_RESPONSE		14

struct sshsig_key {
	char		*path;
	unsigned char	 pub[ED25519_KEY_SIZE];
	unsigned char	 seed[ED25519_KEY_SIZE];
	int		 agent;		/* encrypted: sign through the agent */
	char		*sock;
};

/* A reader of SSH wire data: uint32 big-endian, string = uint32 + bytes. */
struct rd {
	const unsigned char	*p;
	size_t			 left;
};

static int
rd_u32(struct rd *r, uint32_t *v)
{
	if (r->left < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	    (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	r->left -= 4;
	return 0;
}

static int
rd_string(struct rd *r, const unsigned char **s, size_t *len)
{
	uint32_t	n;

	if (rd_u32(r, &n) == -1 || n > r->left)
		return -1;
	*s = r->p;
	*len = n;
	r->p += n;
	r->left -= n;
	return 0;
}

/* The next string equals want. */
static int
rd_is(struct rd *r, const char *want)
{
	const unsigned char	*s;
	size_t			 len;

	return rd_string(r, &s, &len) == 0 && len == strlen(want) &&
	    memcmp(s, want, len) == 0;
}

static void
wr_u32(struct buf *b, uint32_t v)
{
	unsigned char	be[4] = { v >> 24, v >> 16, v >> 8, v };

	buf_append(b, be, 4);
}

static void
wr_string(struct buf *b, const void *s, size_t len)
{
	wr_u32(b, (uint32_t)len);
	buf_append(b, s, len);
}

static void
wr_cstr(struct buf *b, const char *s)
{
	wr_string(b, s, strlen(s));
}

/* The public key blob: string "ssh-ed25519", string key. */
static void
pub_blob(struct buf *b, const unsigned char pub[ED25519_KEY_SIZE])
{
	buf_init(b, WIRE_MAX);
	wr_cstr(b, KEY_TYPE);
	wr_string(b, pub, ED25519_KEY_SIZE);
}

/* The Ed25519 key of a public key blob; -1 and its type otherwise. */
static int
pub_from_blob(const unsigned char *blob, size_t len,
    unsigned char pub[ED25519_KEY_SIZE], char **type)
{
	struct rd		 r = { blob, len };
	const unsigned char	*t, *k;
	size_t			 tlen, klen;

	if (rd_string(&r, &t, &tlen) == -1) {
		*type = xstrdup("malformed");
		return -1;
	}
	if (tlen != strlen(KEY_TYPE) || memcmp(t, KEY_TYPE, tlen) != 0) {
		*type = text_sanitize((const char *)t, tlen, 64);
		return -1;
	}
	if (rd_string(&r, &k, &klen) == -1 || klen != ED25519_KEY_SIZE ||
	    r.left != 0) {
		*type = xstrdup("malformed " KEY_TYPE);
		return -1;
	}
	memcpy(pub, k, ED25519_KEY_SIZE);
	return 0;
}

/*
 * A whole small regular file (at most max bytes); -1 with errno set
 * (input_open's for a FIFO or a device: never waited on).
 */
static int
read_small(const char *path, size_t max, struct buf *b)
{
	struct stat	st;
	char		chunk[4096];
	ssize_t		n;
	int		fd, err;

	buf_init(b, max);
	if ((fd = input_open(path, &st)) == -1)
		return -1;
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 || buf_append(b, chunk, (size_t)n) == -1) {
			err = n == -1 ? errno : EFBIG;
			close(fd);
			explicit_bzero(chunk, sizeof chunk);
			buf_free(b);
			errno = err;
			return -1;
		}
	}
	close(fd);
	explicit_bzero(chunk, sizeof chunk);
	return 0;
}

static void
buf_wipe(struct buf *b)
{
	if (b->data != NULL)
		explicit_bzero(b->data, b->cap);
	buf_free(b);
}

/* The bytes of the base64 between begin and end markers; -1 if none. */
static int
armor_decode(const struct buf *text, const char *begin, const char *end,
    struct buf *out)
{
	struct base64_decode_ctx ctx;
	const char		*b, *e;
	size_t			 n, len;

	if (text->data == NULL || (b = memmem(text->data, text->len, begin,
	    strlen(begin))) == NULL)
		return -1;
	b += strlen(begin);
	len = text->len - (size_t)(b - text->data);
	if ((e = memmem(b, len, end, strlen(end))) == NULL)
		return -1;
	len = (size_t)(e - b);
	buf_init(out, WIRE_MAX);
	out->cap = BASE64_DECODE_LENGTH(len) + 1;
	out->data = xmalloc(out->cap);
	base64_decode_init(&ctx);
	if (!base64_decode_update(&ctx, &n, (uint8_t *)out->data, len, b) ||
	    !base64_decode_final(&ctx)) {
		buf_wipe(out);
		return -1;
	}
	out->len = n;
	return 0;
}

/* "SHA256:..." of a public key blob, as ssh-keygen -l prints it. */
static char *
fingerprint(const unsigned char *blob, size_t len)
{
	struct sha256_ctx	 ctx;
	uint8_t			 d[SHA256_DIGEST_SIZE];
	char			 b64[BASE64_ENCODE_RAW_LENGTH(SHA256_DIGEST_SIZE) + 1];
	char			*eq;

	sha256_init(&ctx);
	sha256_update(&ctx, len, blob);
	sha256_digest(&ctx, sizeof d, d);
	base64_encode_raw(b64, sizeof d, d);
	b64[sizeof b64 - 1] = '\0';
	if ((eq = strchr(b64, '=')) != NULL)
		*eq = '\0';
	return xasprintf("SHA256:%s", b64);
}

/* The SHA-512 of a file's bytes, read in pieces; -1 with errno set. */
static int
hash_file(const char *path, uint8_t out[SHA512_DIGEST_SIZE])
{
	struct sha512_ctx	s512;
	struct stat		st;
	uint8_t			chunk[65536];
	ssize_t			n;
	int			fd, err;

	if ((fd = input_open(path, &st)) == -1)
		return -1;
	sha512_init(&s512);
	while ((n = read(fd, chunk, sizeof chunk)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			err = errno;
			close(fd);
			errno = err;
			return -1;
		}
		sha512_update(&s512, (size_t)n, chunk);
	}
	close(fd);
	sha512_digest(&s512, SHA512_DIGEST_SIZE, out);
	return 0;
}

static void
hash_data(const void *data, size_t len, const char *alg, uint8_t *out,
    size_t *outlen)
{
	struct sha512_ctx	s512;
	struct sha256_ctx	s256;

	if (strcmp(alg, "sha512") == 0) {
		sha512_init(&s512);
		sha512_update(&s512, len, data);
		sha512_digest(&s512, SHA512_DIGEST_SIZE, out);
		*outlen = SHA512_DIGEST_SIZE;
	} else {
		sha256_init(&s256);
		sha256_update(&s256, len, data);
		sha256_digest(&s256, SHA256_DIGEST_SIZE, out);
		*outlen = SHA256_DIGEST_SIZE;
	}
}

/* What is signed: MAGIC, namespace, reserved, hash algorithm, H(file). */
static void
signed_data(struct buf *b, const char *ns, const char *alg,
    const uint8_t *hash, size_t hlen)
{
	buf_init(b, WIRE_MAX);
	buf_append(b, SSHSIG_MAGIC, SSHSIG_MAGIC_LEN);
	wr_cstr(b, ns);
	wr_cstr(b, "");
	wr_cstr(b, alg);
	wr_string(b, hash, hlen);
}

static int
write_all(int fd, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 n;

	while (len > 0) {
		if ((n = send(fd, p, len, MSG_NOSIGNAL)) == -1 &&
		    errno == ENOTSOCK)
			n = write(fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int
read_all(int fd, void *data, size_t len)
{
	char	*p = data;
	ssize_t	 n;

	while (len > 0) {
		if ((n = read(fd, p, len)) == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* One request to the agent, one answer (bounded); -1 on any failure. */
static int
agent_call(const char *sock, const struct buf *req, struct buf *ans)
{
	struct sockaddr_un	 sun;
	struct timeval		 tv = { AGENT_TIMEOUT_S, 0 };
	unsigned char		 hdr[4];
	struct rd		 r = { hdr, 4 };
	uint32_t		 n;
	int			 fd, rc = -1;

	if (sock == NULL || *sock == '\0' || strlen(sock) >= sizeof
	    sun.sun_path)
		return -1;
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, sock, strlen(sock));
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	buf_init(ans, WIRE_MAX);
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) == -1 ||
	    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv) == -1 ||
	    connect(fd, (struct sockaddr *)&sun, sizeof sun) == -1)
		goto out;
	hdr[0] = req->len >> 24;
	hdr[1] = req->len >> 16;
	hdr[2] = req->len >> 8;
	hdr[3] = req->len;
	if (write_all(fd, hdr, 4) == -1 ||
	    write_all(fd, req->data, req->len) == -1 ||
	    read_all(fd, hdr, 4) == -1 || rd_u32(&r, &n) == -1 ||
	    n == 0 || n > WIRE_MAX)
		goto out;
	ans->data = xmalloc(n + 1);
	ans->cap = n + 1;
	if (read_all(fd, ans->data, n) == -1)
		goto out;
	ans->len = n;
	rc = 0;
out:
	if (rc == -1)
		buf_free(ans);
	close(fd);
	return rc;
}

/* Does the agent hold the key? 1 yes, 0 no, -1 no agent answered. */
static int
agent_has(const char *sock, const struct buf *blob)
{
	struct buf		 req, ans;
	struct rd		 r;
	const unsigned char	*k, *c;
	size_t			 klen, clen;
	uint32_t		 n, i;
	unsigned char		 type = AGENTC_REQUEST_IDENTITIES;
	int			 found = 0;

	buf_init(&req, WIRE_MAX);
	buf_append(&req, &type, 1);
	if (agent_call(sock, &req, &ans) == -1) {
		buf_free(&req);
		return -1;
	}
	buf_free(&req);
	r.p = (const unsigned char *)ans.data;
	r.left = ans.len;
	if (r.left < 1 || r.p[0] != AGENT_IDENTITIES_ANSWER) {
		buf_free(&ans);
		return -1;
	}
	r.p++;
	r.left--;
	if (rd_u32(&r, &n) == -1)
		n = 0;
	for (i = 0; i < n && !found; i++) {
		if (rd_string(&r, &k, &klen) == -1 ||
		    rd_string(&r, &c, &clen) == -1)
			break;
		found = klen == blob->len && memcmp(k, blob->data, klen) == 0;
	}
	buf_free(&ans);
	return found;
}

/* The agent's Ed25519 signature of data; -1 when it refused or failed. */
static int
agent_sign(const char *sock, const struct buf *blob, const struct buf *data,
    uint8_t sig[ED25519_SIGNATURE_SIZE])
{
	struct buf		 req, ans;
	struct rd		 r, s;
	const unsigned char	*sb, *sv;
	size_t			 sblen, svlen;
	unsigned char		 type = AGENTC_SIGN_REQUEST;
	int			 rc = -1;

	buf_init(&req, WIRE_MAX);
	buf_append(&req, &type, 1);
	wr_string(&req, blob->data, blob->len);
	wr_string(&req, data->data, data->len);
	wr_u32(&req, 0);
	if (req.toobig || agent_call(sock, &req, &ans) == -1) {
		buf_free(&req);
		return -1;
	}
	buf_free(&req);
	r.p = (const unsigned char *)ans.data;
	r.left = ans.len;
	if (r.left >= 1 && r.p[0] == AGENT_SIGN_RESPONSE) {
		r.p++;
		r.left--;
		if (rd_string(&r, &sb, &sblen) == 0) {
			s.p = sb;
			s.left = sblen;
			if (rd_is(&s, KEY_TYPE) &&
			    rd_string(&s, &sv, &svlen) == 0 &&
			    svlen == ED25519_SIGNATURE_SIZE && s.left == 0) {
				memcpy(sig, sv, ED25519_SIGNATURE_SIZE);
				rc = 0;
			}
		}
	}
	buf_free(&ans);
	return rc;
}

/*
 * The private section of an unencrypted key: checkints, then
 * "ssh-ed25519", the public key, seed || public key, a comment, padding.
 */
static int
key_private(struct sshsig_key *k, const unsigned char *p, size_t len)
{
	struct rd		 r = { p, len };
	const unsigned char	*pk, *sk;
	size_t			 pklen, sklen;
	uint32_t		 c1, c2;
	unsigned char		 derived[ED25519_KEY_SIZE];

	if (rd_u32(&r, &c1) == -1 || rd_u32(&r, &c2) == -1 || c1 != c2 ||
	    !rd_is(&r, KEY_TYPE) || rd_string(&r, &pk, &pklen) == -1 ||
	    rd_string(&r, &sk, &sklen) == -1 ||
	    pklen != ED25519_KEY_SIZE || sklen != 2 * ED25519_KEY_SIZE ||
	    memcmp(pk, k->pub, ED25519_KEY_SIZE) != 0 ||
	    memcmp(sk + ED25519_KEY_SIZE, pk, ED25519_KEY_SIZE) != 0)
		return -1;
	memcpy(k->seed, sk, ED25519_KEY_SIZE);
	ed25519_sha512_public_key(derived, k->seed);
	return memcmp(derived, k->pub, ED25519_KEY_SIZE) == 0 ? 0 : -1;
}

struct sshsig_key *
sshsig_key_load(const char *path, char **cause)
{
	struct sshsig_key	*k;
	struct buf		 text, raw, blob;
	struct rd		 r;
	const unsigned char	*cipher, *pb, *priv;
	size_t			 cipherlen, pblen, privlen;
	uint32_t		 nkeys;
	char			*type = NULL;
	int			 has;

	if (read_small(path, ARMOR_MAX, &text) == -1) {
		*cause = xasprintf("%s: cannot read the signing key: %s", path,
		    errno == EFBIG ? "too large for a key" :
		    errno_cause(errno));
		return NULL;
	}
	if (armor_decode(&text, KEY_BEGIN, KEY_END, &raw) == -1) {
		buf_wipe(&text);
		*cause = xasprintf("%s: not an OpenSSH private key (make one "
		    "with ssh-keygen -t ed25519)", path);
		return NULL;
	}
	buf_wipe(&text);
	k = xcalloc(1, sizeof *k);
	k->path = xstrdup(path);
	r.p = (const unsigned char *)raw.data;
	r.left = raw.len;
	if (r.left < sizeof KEY_MAGIC || memcmp(r.p, KEY_MAGIC,
	    sizeof KEY_MAGIC) != 0)
		goto malformed;
	r.p += sizeof KEY_MAGIC;
	r.left -= sizeof KEY_MAGIC;
	if (rd_string(&r, &cipher, &cipherlen) == -1 ||
	    rd_string(&r, &pb, &pblen) == -1 ||	/* kdf name */
	    rd_string(&r, &pb, &pblen) == -1 ||	/* kdf options */
	    rd_u32(&r, &nkeys) == -1)
		goto malformed;
	if (nkeys != 1) {
		*cause = xasprintf("%s: holds %u keys; give a file with one",
		    path, nkeys);
		goto fail;
	}
	if (rd_string(&r, &pb, &pblen) == -1 ||
	    rd_string(&r, &priv, &privlen) == -1)
		goto malformed;
	if (pub_from_blob(pb, pblen, k->pub, &type) == -1) {
		*cause = xasprintf("%s: not an Ed25519 key (%s); dockaudit "
		    "signs with Ed25519 keys only", path, type);
		goto fail;
	}
	if (cipherlen == 4 && memcmp(cipher, "none", 4) == 0) {
		if (key_private(k, priv, privlen) == -1)
			goto malformed;
		buf_wipe(&raw);
		return k;
	}
	/* Encrypted: the agent signs, if it holds this public key. */
	k->agent = 1;
	pub_blob(&blob, k->pub);
	has = agent_has(getenv("SSH_AUTH_SOCK"), &blob);
	buf_free(&blob);
	if (has == -1) {
		*cause = xasprintf("%s is encrypted and no ssh-agent is "
		    "reachable (SSH_AUTH_SOCK)", path);
		goto fail;
	}
	if (has == 0) {
		*cause = xasprintf("%s is encrypted and the ssh-agent at "
		    "SSH_AUTH_SOCK does not hold it (ssh-add %s)", path, path);
		goto fail;
	}
	k->sock = xstrdup(getenv("SSH_AUTH_SOCK"));
	buf_wipe(&raw);
	return k;
malformed:
	*cause = xasprintf("%s: a malformed OpenSSH private key", path);
fail:
	free(type);
	buf_wipe(&raw);
	sshsig_key_free(k);
	return NULL;
}

void
sshsig_key_free(struct sshsig_key *k)
{
	if (k == NULL)
		return;
	free(k->path);
	free(k->sock);
	explicit_bzero(k, sizeof *k);
	free(k);
}

/* "-----BEGIN SSH SIGNATURE-----", base64 in lines of 70, the end. */
static void
armor(struct buf *out, const struct buf *blob)
{
	char	*b64;
	size_t	 len = BASE64_ENCODE_RAW_LENGTH(blob->len), i;

	b64 = xmalloc(len + 1);
	base64_encode_raw(b64, blob->len, (const uint8_t *)blob->data);
	buf_init(out, WIRE_MAX);
	buf_append(out, SSHSIG_BEGIN "\n", strlen(SSHSIG_BEGIN) + 1);
	for (i = 0; i < len; i += SSHSIG_WRAP) {
		buf_append(out, b64 + i, len - i < SSHSIG_WRAP ? len - i :
		    SSHSIG_WRAP);
		buf_append(out, "\n", 1);
	}
	buf_append(out, SSHSIG_END "\n", strlen(SSHSIG_END) + 1);
	free(b64);
}

/* Write a file atomically (temporary file, then rename); -1, errno. */
static int
write_atomic(const char *path, const struct buf *data, mode_t mode)
{
	char	*tmp;
	int	 fd, err = 0;

	if ((fd = tmp_create(path, &tmp)) == -1)
		return -1;
	if (fchmod(fd, mode) == -1 || write_all(fd, data->data,
	    data->len) == -1 || fsync(fd) == -1)
		err = errno != 0 ? errno : EIO;
	if (close(fd) == -1 && err == 0)
		err = errno;
	if (err == 0)
		return tmp_commit(tmp, path);
	tmp_discard(tmp);
	errno = err;
	return -1;
}

int
sshsig_sign_file(const struct sshsig_key *k, const char *path, char **cause)
{
	struct buf	 sd, pub, sigb, blob, text;
	struct stat	 st;
	uint8_t		 hash[SHA512_DIGEST_SIZE], sig[ED25519_SIGNATURE_SIZE];
	char		*sigpath;
	int		 rc = -1;

	if (hash_file(path, hash) == -1 ||
	    stat(path, &st) == -1) {
		*cause = xasprintf("%s: cannot read it to sign: %s", path,
		    errno_cause(errno));
		return -1;
	}
	signed_data(&sd, SSHSIG_NAMESPACE, SSHSIG_HASH, hash, sizeof hash);
	pub_blob(&pub, k->pub);
	if (k->agent) {
		if (agent_sign(k->sock, &pub, &sd, sig) == -1) {
			*cause = xasprintf("%s: the ssh-agent did not sign "
			    "with %s", path, k->path);
			goto out;
		}
	} else
		ed25519_sha512_sign(k->pub, k->seed, sd.len,
		    (const uint8_t *)sd.data, sig);
	/* Never write a signature that does not hold (a confused agent). */
	if (!ed25519_sha512_verify(k->pub, sd.len, (const uint8_t *)sd.data,
	    sig)) {
		*cause = xasprintf("%s: the signature by %s does not verify",
		    path, k->path);
		goto out;
	}
	buf_init(&sigb, WIRE_MAX);
	wr_cstr(&sigb, KEY_TYPE);
	wr_string(&sigb, sig, sizeof sig);
	buf_init(&blob, WIRE_MAX);
	buf_append(&blob, SSHSIG_MAGIC, SSHSIG_MAGIC_LEN);
	wr_u32(&blob, SSHSIG_VERSION);
	wr_string(&blob, pub.data, pub.len);
	wr_cstr(&blob, SSHSIG_NAMESPACE);
	wr_cstr(&blob, "");
	wr_cstr(&blob, SSHSIG_HASH);
	wr_string(&blob, sigb.data, sigb.len);
	armor(&text, &blob);
	sigpath = xasprintf("%s.sig", path);
	/* The signature is as readable as what it signs. */
	if (write_atomic(sigpath, &text, st.st_mode & 0666) == -1)
		*cause = xasprintf("%s: %s", sigpath, errno_cause(errno));
	else
		rc = 0;
	free(sigpath);
	buf_free(&text);
	buf_free(&blob);
	buf_free(&sigb);
out:
	buf_free(&pub);
	buf_free(&sd);
	return rc;
}

int
sshsig_verify(const char *path, const void *data, size_t len,
    const char *sigpath, const char *ns, struct sshsig_signer *signer,
    char **cause)
{
	struct buf		 text, raw, sd;
	struct rd		 r, s;
	const unsigned char	*pb, *sns, *res, *alg, *sb, *sv;
	size_t			 pblen, snslen, reslen, alglen, sblen, svlen;
	size_t			 hlen;
	uint32_t		 version;
	uint8_t			 hash[SHA512_DIGEST_SIZE];
	unsigned char		 pub[ED25519_KEY_SIZE];
	char			*t = NULL, *algname;
	int			 rc = -1;

	memset(signer, 0, sizeof *signer);
	if (read_small(sigpath, ARMOR_MAX, &text) == -1) {
		if (errno == ENOENT)
			*cause = xasprintf("%s: not signed (no %s)", path,
			    sigpath);
		else
			*cause = xasprintf("%s: cannot read: %s", sigpath,
			    errno == EFBIG ? "too large for a signature" :
			    errno_cause(errno));
		return -1;
	}
	if (armor_decode(&text, SSHSIG_BEGIN, SSHSIG_END, &raw) == -1) {
		buf_free(&text);
		*cause = xasprintf("%s: not an SSH signature (no valid "
		    SSHSIG_BEGIN " block)", sigpath);
		return -1;
	}
	buf_free(&text);
	r.p = (const unsigned char *)raw.data;
	r.left = raw.len;
	if (r.left < SSHSIG_MAGIC_LEN || memcmp(r.p, SSHSIG_MAGIC,
	    SSHSIG_MAGIC_LEN) != 0)
		goto malformed;
	r.p += SSHSIG_MAGIC_LEN;
	r.left -= SSHSIG_MAGIC_LEN;
	if (rd_u32(&r, &version) == -1 || rd_string(&r, &pb, &pblen) == -1 ||
	    rd_string(&r, &sns, &snslen) == -1 ||
	    rd_string(&r, &res, &reslen) == -1 ||
	    rd_string(&r, &alg, &alglen) == -1 ||
	    rd_string(&r, &sb, &sblen) == -1 || r.left != 0)
		goto malformed;
	if (version != SSHSIG_VERSION) {
		*cause = xasprintf("%s: signature version %u; dockaudit reads "
		    "version %d", sigpath, version, SSHSIG_VERSION);
		goto out;
	}
	if (snslen != strlen(ns) || memcmp(sns, ns, snslen) != 0) {
		t = text_sanitize((const char *)sns, snslen, 64);
		*cause = xasprintf("%s: signed in the namespace \"%s\", not "
		    "\"%s\": not a signature of a %s report", sigpath, t, ns,
		    ns);
		goto out;
	}
	if (pub_from_blob(pb, pblen, pub, &t) == -1) {
		*cause = xasprintf("%s: signed with a key of type %s; "
		    "dockaudit verifies Ed25519 signatures only", sigpath, t);
		goto out;
	}
	if (alglen == 6 && memcmp(alg, "sha512", 6) == 0)
		algname = "sha512";
	else if (alglen == 6 && memcmp(alg, "sha256", 6) == 0)
		algname = "sha256";
	else
		goto malformed;
	s.p = sb;
	s.left = sblen;
	if (!rd_is(&s, KEY_TYPE) || rd_string(&s, &sv, &svlen) == -1 ||
	    svlen != ED25519_SIGNATURE_SIZE || s.left != 0)
		goto malformed;
	hash_data(data, len, algname, hash, &hlen);
	signed_data(&sd, ns, algname, hash, hlen);
	if (!ed25519_sha512_verify(pub, sd.len, (const uint8_t *)sd.data,
	    sv)) {
		buf_free(&sd);
		*cause = xasprintf("%s: BAD signature: the file is not what was "
		    "signed (changed since, or %s signs another file)", path,
		    sigpath);
		goto out;
	}
	buf_free(&sd);
	signer->blob = xmalloc(pblen);
	memcpy(signer->blob, pb, pblen);
	signer->bloblen = pblen;
	signer->fingerprint = fingerprint(pb, pblen);
	rc = 0;
	goto out;
malformed:
	*cause = xasprintf("%s: a malformed SSH signature", sigpath);
out:
	free(t);
	buf_free(&raw);
	return rc;
}

void
sshsig_signer_free(struct sshsig_signer *s)
{
	free(s->blob);
	free(s->fingerprint);
	free(s->principals);
	memset(s, 0, sizeof *s);
}

/* The next field of an allowed_signers line: to blank, outside quotes. */
static char *
field(char **pp)
{
	char	*p = *pp + strspn(*pp, " \t"), *start = p;
	int	 quoted = 0;

	if (*p == '\0')
		return NULL;
	for (; *p != '\0' && (quoted || (*p != ' ' && *p != '\t')); p++) {
		if (*p == '"')
			quoted = !quoted;
	}
	if (*p != '\0')
		*p++ = '\0';
	*pp = p;
	return start;
}

/* An option's value without its quotes (a copy). */
static char *
unquote(const char *v)
{
	size_t	len = strlen(v);

	if (len >= 2 && v[0] == '"' && v[len - 1] == '"')
		return xstrndup(v + 1, len - 2);
	return xstrdup(v);
}

/* YYYYMMDD[HHMM[SS]][Z] (Z: UTC, else local time); -1 if malformed. */
static time_t
signer_time(const char *v)
{
	struct tm	tm;
	size_t		n = strspn(v, "0123456789");
	int		utc = strcmp(v + n, "Z") == 0 || strcmp(v + n, "z") == 0;
	char		d[15];

	if ((n != 8 && n != 12 && n != 14) || (v[n] != '\0' && !utc))
		return -1;
	memset(d, '0', sizeof d - 1);
	d[sizeof d - 1] = '\0';
	memcpy(d, v, n);
	memset(&tm, 0, sizeof tm);
	if (sscanf(d, "%4d%2d%2d%2d%2d%2d", &tm.tm_year, &tm.tm_mon,
	    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	return utc ? timegm(&tm) : mktime(&tm);
}

/* Does a line's options allow the key for ns now? 1 yes, 0 no. */
static int
signer_options(char *opts, const char *ns, time_t now)
{
	char	*o, *v, *val, *pat, *save = NULL, *psave = NULL;
	int	 ok = 1, quoted = 0, allowed;
	time_t	 t;

	/* Commas inside quotes (namespaces="a,b") are not separators. */
	for (o = opts; *o != '\0'; o++) {
		if (*o == '"')
			quoted = !quoted;
		else if (*o == ',' && !quoted)
			*o = '\n';
	}
	for (o = strtok_r(opts, "\n", &save); o != NULL && ok;
	    o = strtok_r(NULL, "\n", &save)) {
		if ((v = strchr(o, '=')) != NULL)
			*v++ = '\0';
		if (strcasecmp(o, "cert-authority") == 0 || v == NULL)
			return 0;	/* certificates are not read here */
		val = unquote(v);
		if (strcasecmp(o, "namespaces") == 0) {
			allowed = 0;
			for (pat = strtok_r(val, ",", &psave); pat != NULL;
			    pat = strtok_r(NULL, ",", &psave)) {
				if (*pat == '!' && fnmatch(pat + 1, ns, 0) == 0) {
					allowed = 0;
					break;
				}
				if (*pat != '!' && fnmatch(pat, ns, 0) == 0)
					allowed = 1;
			}
			ok = allowed;
		} else if (strcasecmp(o, "valid-after") == 0)
			ok = (t = signer_time(val)) != -1 && now >= t;
		else if (strcasecmp(o, "valid-before") == 0)
			ok = (t = signer_time(val)) != -1 && now <= t;
		else
			ok = 0;		/* unknown: ssh-keygen refuses it */
		free(val);
	}
	return ok;
}

/* Does a base64 key equal the blob? */
static int
signer_key_is(const char *b64, const struct sshsig_signer *s)
{
	struct base64_decode_ctx ctx;
	uint8_t			*d;
	size_t			 len = strlen(b64), n;
	int			 same;

	d = xmalloc(BASE64_DECODE_LENGTH(len) + 1);
	base64_decode_init(&ctx);
	same = base64_decode_update(&ctx, &n, d, len, b64) &&
	    base64_decode_final(&ctx) && n == s->bloblen &&
	    memcmp(d, s->blob, n) == 0;
	free(d);
	return same;
}

int
sshsig_find_principals(const char *signers, const char *ns,
    struct sshsig_signer *s, char **cause)
{
	FILE	*fp;
	struct buf b;
	char	*line = NULL, *p, *who, *opts, *type, *key, *all = NULL, *t;
	char	*why = NULL;
	size_t	 cap = 0;
	time_t	 now = time(NULL);
	int	 rc = 1;

	if (input_read(signers, SIGNERS_MAX, "an allowed signers file",
	    &b, &why) == -1) {
		*cause = xasprintf("%s: %s", signers, why);
		free(why);
		return -1;
	}
	if ((fp = fmemopen(b.data, b.len, "r")) == NULL)
		fatal("fmemopen: %s", errno_cause(errno));
	while (getline(&line, &cap, fp) != -1) {
		line[strcspn(line, "\r\n")] = '\0';
		p = line + strspn(line, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		if ((who = field(&p)) == NULL || (type = field(&p)) == NULL)
			continue;
		opts = NULL;
		if (strchr(type, '=') != NULL || strncasecmp(type,
		    "cert-authority", 14) == 0) {
			opts = type;
			if ((type = field(&p)) == NULL)
				continue;
		}
		if ((key = field(&p)) == NULL || !signer_key_is(key, s) ||
		    (opts != NULL && !signer_options(opts, ns, now)))
			continue;
		t = xasprintf("%s%s%s", all != NULL ? all : "", all != NULL ?
		    "," : "", who);
		free(all);
		all = t;
	}
	if (ferror(fp)) {
		*cause = xasprintf("%s: %s", signers, errno_cause(errno));
		rc = -1;
	}
	free(line);
	fclose(fp);
	buf_free(&b);
	if (rc == -1 || all == NULL) {
		free(all);
		return rc;
	}
	free(s->principals);
	s->principals = text_sanitize(all, strlen(all), 256);
	free(all);
	return 0;
}
