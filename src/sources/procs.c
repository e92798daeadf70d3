/*
 * Processes through libproc2 (procps-ng 4) and the kernel's audit rules
 * through the audit netlink socket, as auditctl -l prints them, without
 * running auditctl. Used by source-live.c only.
 *
 * libproc2 ownership: strings in a stack belong to the library until the
 * next procps_pids_get(), so everything is copied out.
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libproc2/pids.h>

#include "sources/procs.h"
#include "lib/util.h"

/* PIDS_VAL changed arity after 4.0.2: read results directly. */
#define PV(st, i, m) ((st)->head[(i)].result.m)

enum { P_PID, P_EUID, P_ARGV, P_EXE, P_CGROUP, P_PPID };

/*
 * The container a process runs in: the 64-hex id after "docker/"
 * (Docker's cgroupfs driver), "docker-" (its systemd driver) or "libpod-"
 * (Podman's, either driver) in its cgroups.
 */
static char *
cgroup_container(const char *cg)
{
	static const char *const marks[] = { "docker/", "docker-", "libpod-" };
	const char	*p;
	size_t		 i, n;

	for (i = 0; i < nitems(marks); i++) {
		n = strlen(marks[i]);
		for (p = cg; (p = strstr(p, marks[i])) != NULL; p++) {
			if (strspn(p + n, "0123456789abcdef") == 64)
				return xstrndup(p + n, 64);
		}
	}
	return NULL;
}

static int
usable(const char *s)
{
	return s != NULL && *s != '\0' && strcmp(s, "-") != 0;
}

int
procs_list(struct proc_info **procs, size_t *n, char **cause)
{
	enum pids_item	  items[] = { PIDS_ID_PID, PIDS_ID_EUID,
	    PIDS_CMDLINE_V, PIDS_EXE, PIDS_CGROUP, PIDS_ID_PPID };
	struct pids_info *info = NULL;
	struct pids_fetch *all;
	struct pids_stack *st;
	struct proc_info *v = NULL;
	size_t		  nv = 0, i;
	int		  k;
	char		**argv;

	if (fatal_proc_unmounted(NULL, 0) != NULL) {
		*cause = xstrdup("/proc is not mounted");
		return ENOENT;
	}
	if (procps_pids_new(&info, items, (int)nitems(items)) < 0) {
		*cause = xstrdup("libproc2: cannot read the process table");
		return EIO;
	}
	/* One reap, not a get per process: get reads /proc/uptime each time. */
	if ((all = procps_pids_reap(info, PIDS_FETCH_TASKS_ONLY)) == NULL) {
		procps_pids_unref(&info);
		*cause = xstrdup("libproc2: cannot read the process table");
		return EIO;
	}
	v = xcalloc((size_t)all->counts->total + 1, sizeof *v);
	for (k = 0; k < all->counts->total; k++) {
		struct proc_info *p;

		st = all->stacks[k];
		p = &v[nv++];
		memset(p, 0, sizeof *p);
		p->pid = PV(st, P_PID, s_int);
		p->ppid = PV(st, P_PPID, s_int);
		p->euid = PV(st, P_EUID, u_int);
		if (usable(PV(st, P_EXE, str)))
			p->exe = xstrdup(PV(st, P_EXE, str));
		if (usable(PV(st, P_CGROUP, str)))
			p->container = cgroup_container(PV(st, P_CGROUP, str));
		argv = PV(st, P_ARGV, strv);
		for (i = 0; argv != NULL && argv[i] != NULL; i++) {
			if (i == 0 && strcmp(argv[0], "-") == 0 &&
			    argv[1] == NULL)
				break;
			strlist_add(&p->argv, argv[i]);
		}
	}
	procps_pids_unref(&info);
	*procs = v;
	*n = nv;
	return 0;
}

static int
audit_field_is_string(unsigned int field)
{
	switch (field) {
	case AUDIT_SUBJ_USER: case AUDIT_SUBJ_ROLE: case AUDIT_SUBJ_TYPE:
	case AUDIT_SUBJ_SEN: case AUDIT_SUBJ_CLR: case AUDIT_OBJ_USER:
	case AUDIT_OBJ_ROLE: case AUDIT_OBJ_TYPE: case AUDIT_OBJ_LEV_LOW:
	case AUDIT_OBJ_LEV_HIGH: case AUDIT_WATCH: case AUDIT_DIR:
	case AUDIT_FILTERKEY: case AUDIT_EXE:
		return 1;
	}
	return 0;
}

static void
perm_letters(unsigned int perm, char out[5])
{
	size_t	n = 0;

	if (perm & AUDIT_PERM_READ)
		out[n++] = 'r';
	if (perm & AUDIT_PERM_WRITE)
		out[n++] = 'w';
	if (perm & AUDIT_PERM_EXEC)
		out[n++] = 'x';
	if (perm & AUDIT_PERM_ATTR)
		out[n++] = 'a';
	out[n] = '\0';
}

/* One kernel rule as the line auditctl -l would print for a watch. */
static void
audit_rule_line(const struct audit_rule_data *r, size_t len,
    struct strlist *out)
{
	size_t		 off = 0, i, slen;
	char		*path = NULL, perms[5] = "";
	int		 dir = 0;

	if (len < sizeof *r || r->field_count > AUDIT_MAX_FIELDS ||
	    r->buflen > len - sizeof *r || r->action != AUDIT_ALWAYS)
		return;
	for (i = 0; i < r->field_count; i++) {
		if (r->fields[i] == AUDIT_PERM)
			perm_letters(r->values[i], perms);
		if (!audit_field_is_string(r->fields[i]))
			continue;
		slen = r->values[i];
		if (slen > r->buflen - off)
			break;
		if ((r->fields[i] == AUDIT_WATCH || r->fields[i] == AUDIT_DIR)
		    && path == NULL) {
			path = xstrndup(r->buf + off, slen);
			dir = r->fields[i] == AUDIT_DIR;
		}
		off += slen;
	}
	if (path == NULL)
		return;
	if (*perms != '\0')
		strlist_add_nocopy(out, xasprintf("-a always,exit -F %s=%s "
		    "-F perm=%s", dir ? "dir" : "path", path, perms));
	else
		strlist_add_nocopy(out, xasprintf("-a always,exit -F %s=%s",
		    dir ? "dir" : "path", path));
	free(path);
}

int
audit_netlink_rules(struct strlist *out, char **cause)
{
	struct {
		struct nlmsghdr	nh;
	} req;
	struct sockaddr_nl	 sa;
	struct pollfd		 pfd;
	char			*buf;
	ssize_t			 n;
	int			 fd, err = 0, done = 0;
	size_t			 bufsize = 1 << 16;

	if ((fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT))
	    == -1) {
		err = errno;
		*cause = xasprintf("audit netlink socket: %s",
		    errno_cause(err));
		return err;
	}
	memset(&sa, 0, sizeof sa);
	sa.nl_family = AF_NETLINK;
	memset(&req, 0, sizeof req);
	req.nh.nlmsg_len = NLMSG_LENGTH(0);
	req.nh.nlmsg_type = AUDIT_LIST_RULES;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.nh.nlmsg_seq = 1;
	if (sendto(fd, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&sa,
	    sizeof sa) == -1) {
		err = errno;
		close(fd);
		*cause = xasprintf("audit netlink: %s", errno_cause(err));
		return err;
	}
	buf = xmalloc(bufsize);
	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!done && err == 0) {
		struct nlmsghdr	*nh;

		if (poll(&pfd, 1, 2000) <= 0) {
			err = ETIMEDOUT;
			break;
		}
		if ((n = recv(fd, buf, bufsize, 0)) <= 0) {
			err = n == 0 ? EIO : errno;
			break;
		}
		for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
		    nh = NLMSG_NEXT(nh, n)) {
			if (nh->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nh);

				if (e->error != 0) {
					err = -e->error;
					break;
				}
				continue;	/* the ACK */
			}
			if (nh->nlmsg_type == AUDIT_LIST_RULES)
				audit_rule_line(NLMSG_DATA(nh),
				    nh->nlmsg_len - NLMSG_LENGTH(0), out);
		}
	}
	free(buf);
	close(fd);
	if (err != 0)
		*cause = xasprintf("live audit rules: %s", errno_cause(err));
	return err;
}
