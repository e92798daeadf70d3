/*
 * OpenSSH signatures of files (PROTOCOL.sshsig), so that a report can be
 * checked with `ssh-keygen -Y verify` as well as `dockaudit verify`:
 * signing with an Ed25519 key of an unencrypted openssh-key-v1 file or,
 * for an encrypted one, through ssh-agent ($SSH_AUTH_SOCK); verifying a
 * FILE.sig; finding its signer in an allowed_signers file. The wire
 * formats are parsed here; the cryptography is nettle's.
 *
 * Ownership: sshsig_key_load() and the strings of struct sshsig_signer
 * are the caller's, freed with sshsig_key_free() and
 * sshsig_signer_free().
 */
#ifndef DOCKAUDIT_SSHSIG_H
#define DOCKAUDIT_SSHSIG_H

#include <stddef.h>

/* The namespace dockaudit signs in: `ssh-keygen -Y verify -n dockaudit`. */
#define SSHSIG_NAMESPACE	"dockaudit"

struct sshsig_key;

/*
 * Load a signing key: readable, an OpenSSH Ed25519 private key, and
 * either unencrypted or held by the ssh-agent at $SSH_AUTH_SOCK. NULL
 * and *cause (naming the file) otherwise.
 */
struct sshsig_key	*sshsig_key_load(const char *path, char **cause);
void			 sshsig_key_free(struct sshsig_key *);
/* Sign path into path.sig (written atomically); -1 and *cause. */
int			 sshsig_sign_file(const struct sshsig_key *,
			    const char *path, char **cause);

/* Who signed a file. */
struct sshsig_signer {
	unsigned char	*blob;		/* the public key, SSH wire format */
	size_t		 bloblen;
	char		*fingerprint;	/* "SHA256:..." as ssh-keygen prints */
	char		*principals;	/* from allowed_signers, or NULL */
};

/*
 * Check sigpath (armored SSH signature) over data, the bytes of the file
 * path (named in messages), in namespace ns: 0 and *signer filled when it
 * holds; -1 and a one-line *cause otherwise.
 */
int	 sshsig_verify(const char *path, const void *data, size_t len,
	    const char *sigpath, const char *ns, struct sshsig_signer *signer,
	    char **cause);
/*
 * Find the signer's key in an allowed_signers file (ssh-keygen(1),
 * ALLOWED SIGNERS), honouring namespaces=, valid-after=, valid-before=
 * and cert-authority (skipped): 0 and signer->principals set, 1 when no
 * line names the key, -1 and *cause when the file cannot be read.
 */
int	 sshsig_find_principals(const char *signers, const char *ns,
	    struct sshsig_signer *signer, char **cause);
void	 sshsig_signer_free(struct sshsig_signer *);

#endif
