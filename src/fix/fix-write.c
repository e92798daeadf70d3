/*
 * The files of a fix plan, each rendered from plan.json alone and
 * written atomically (a temporary file beside it, renamed): daemon.json,
 * audit.rules, the systemd drop-ins, permissions.sh, containers.sh,
 * playbook.yml (the same changes as Ansible tasks), PLAN.md and
 * plan.json itself. A directory that holds a previous plan
 * is written over; the files of that plan this one lacks are removed.
 */
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fix/fix.h"
#include "report/report.h"
#include "lib/json.h"
#include "lib/util.h"

#define SOCKET_DROPIN	"docker.socket.d/dockaudit.conf"
#define SERVICE_DROPIN	"docker.service.d/dockaudit.conf"

/* Every file a plan can hold, for the removal of a previous plan's. */
static const char *const fix_files[] = {
	"PLAN.md", "accounts.sh", "audit.rules", "containers.sh", "daemon.json",
	SERVICE_DROPIN, SOCKET_DROPIN, "permissions.sh", "plan.json",
	"playbook.yml",
};

static void
out_add(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
out_add(struct buf *b, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_append(b, s, strlen(s));
	free(s);
}

/* 'text' for sh, quotes inside made '\''. */
static char *
sh_quote(const char *s)
{
	struct buf	 b;
	const char	*p;

	if (s[0] != '\0' && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghij"
	    "klmnopqrstuvwxyz0123456789_./:=,@+-") == strlen(s))
		return xstrdup(s);
	buf_init(&b, 1 << 20);
	buf_append(&b, "'", 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '\'')
			buf_append(&b, "'\\''", 4);
		else
			buf_append(&b, p, 1);
	}
	buf_append(&b, "'", 1);
	return buf_cstr(&b);
}

/* One argument of a systemd ExecStart= line: % and $ doubled, quoted
 * when it holds anything but plain characters. */
static char *
unit_quote(const char *s)
{
	struct buf	 b;
	const char	*p;
	int		 plain = s[0] != '\0' && strspn(s, "ABCDEFGHIJKLMNOPQRST"
			    "UVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:=,"
			    "@+-%$") == strlen(s);

	buf_init(&b, 1 << 20);
	if (!plain)
		buf_append(&b, "\"", 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '%')
			buf_append(&b, "%%", 2);
		else if (*p == '$')
			buf_append(&b, "$$", 2);
		else if (*p == '"' || *p == '\\') {
			buf_append(&b, "\\", 1);
			buf_append(&b, p, 1);
		} else if (*p == '\n')
			buf_append(&b, "\\n", 2);
		else
			buf_append(&b, p, 1);
	}
	if (!plain)
		buf_append(&b, "\"", 1);
	return buf_cstr(&b);
}

/* A path of the plan's host: inside --root's tree when there is one. */
static char *
in_root(json_t *plan, const char *path)
{
	const char	*root = report_str(plan, "root");
	size_t		 n = strlen(root);

	if (strcmp(root, "/") == 0 || n == 0)
		return xstrdup(path);
	if (root[n - 1] == '/')
		n--;
	return xasprintf("%.*s%s", (int)n, root, path);
}

static int
write_file(const char *dir, const char *name, const char *data,
    size_t len, mode_t mode)
{
	char	*path, *tmp, *sub, *slash;
	int	 fd, err = 0;
	size_t	 off = 0;
	ssize_t	 w;

	path = xasprintf("%s/%s", dir, name);
	if ((slash = strrchr(name, '/')) != NULL) {
		sub = xasprintf("%s/%.*s", dir, (int)(slash - name), name);
		if (mkdir(sub, 0755) == -1 && errno != EEXIST) {
			log_error("fix: cannot make %s: %s", sub,
			    strerror(errno));
			free(sub);
			free(path);
			return -1;
		}
		free(sub);
	}
	if ((fd = tmp_create(path, &tmp)) == -1) {
		log_error("fix: cannot write %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	while (off < len && err == 0) {
		if ((w = write(fd, data + off, len - off)) == -1) {
			if (errno != EINTR)
				err = errno;
		} else
			off += (size_t)w;
	}
	if (err == 0 && fchmod(fd, mode) == -1)
		err = errno;
	if (err == 0 && fsync(fd) == -1)
		err = errno;
	if (close(fd) == -1 && err == 0)
		err = errno;
	if (err != 0) {
		tmp_discard(tmp);
		log_error("fix: cannot write %s: %s", path, strerror(err));
		free(path);
		return -1;
	}
	if (tmp_commit(tmp, path) == -1) {
		log_error("fix: cannot write %s: %s", path, strerror(errno));
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

static int
write_buf(const char *dir, const char *name, struct buf *b, mode_t mode,
    struct strlist *written)
{
	char	*s = buf_cstr(b);
	int	 rc;

	rc = write_file(dir, name, s, strlen(s), mode);
	buf_free(b);
	if (rc == 0)
		strlist_add(written, name);
	return rc;
}

static void
render_audit(json_t *plan, struct buf *b)
{
	json_t		*w, *seen = json_object();
	const char	*path;
	size_t		 i;

	out_add(b, "# Audit watches of the Docker files this host uses, "
	    "from dockaudit fix\n# (%s). Install into /etc/audit/rules.d/, "
	    "then: augenrules --load\n", report_str(plan, "record"));
	json_array_foreach(json_object_get(plan, "audit_watches"), i, w) {
		path = report_str(w, "path");
		if (json_object_get(seen, path) != NULL)
			continue;
		json_object_set_new(seen, path, json_true());
		out_add(b, "# %s\n-w %s -k docker\n", report_str(w, "rule"),
		    path);
	}
	json_decref(seen);
}

static void
render_perms(json_t *plan, struct buf *b)
{
	json_t		*p;
	const char	*root = report_str(plan, "root");
	char		*q, *rq;
	size_t		 i;

	rq = sh_quote(strcmp(root, "/") == 0 ? "" : root);
	out_add(b, "#!/bin/sh\n# Owners and modes of the files section 3 "
	    "found wrong, from dockaudit fix\n# (%s). Each line is its "
	    "rule's; running it again changes nothing more.\n# ROOT: the "
	    "tree the paths are in (empty: this host's /).\nset -eu\n"
	    "ROOT=${ROOT-%s}\n", report_str(plan, "record"),
	    strcmp(rq, "''") == 0 ? "" : rq);
	free(rq);
	json_array_foreach(json_object_get(plan, "permissions"), i, p) {
		q = sh_quote(report_str(p, "path"));
		if (json_object_get(p, "chown") != NULL)
			out_add(b, "chown %s \"$ROOT\"%s\t# %s\n",
			    report_str(p, "chown"), q, report_str(p, "rule"));
		else
			out_add(b, "chmod %s \"$ROOT\"%s\t# %s\n",
			    report_str(p, "chmod"), q, report_str(p, "rule"));
		free(q);
	}
}

static void
render_accounts(json_t *plan, struct buf *b)
{
	json_t		*a;
	char		*u, *g;
	size_t		 i;

	out_add(b, "#!/bin/sh\n# Members of groups that the values file "
	    "does not trust, from dockaudit fix\n# (%s). A user whose "
	    "primary group it is needs another one, which a person\n# "
	    "chooses: those lines are comments.\nset -eu\n",
	    report_str(plan, "record"));
	json_array_foreach(json_object_get(plan, "accounts"), i, a) {
		u = sh_quote(report_str(a, "user"));
		g = sh_quote(report_str(a, "group"));
		if (json_is_true(json_object_get(a, "listed")))
			out_add(b, "gpasswd -d %s %s\t# %s\n", u, g,
			    report_str(a, "rule"));
		else
			out_add(b, "# usermod -g GROUP %s\t# %s: its primary "
			    "group is %s\n", u, report_str(a, "rule"), g);
		free(u);
		free(g);
	}
}

static void
render_containers(json_t *plan, struct buf *b)
{
	json_t		*cs = json_object_get(plan, "containers"), *c, *f;
	json_t		*byid = json_object(), *e, *vars = json_object();
	const char	*id, *var, *k;
	char		*q;
	size_t		 i, j;

	json_array_foreach(cs, i, c) {
		id = report_str(c, "id");
		if ((e = json_object_get(byid, id)) == NULL) {
			e = json_pack("{s:s,s:[],s:[],s:[]}", "name",
			    report_str(c, "name"), "live", "rules", "advice");
			json_object_set_new(byid, id, e);
		}
		json_array_append_new(json_object_get(e, "rules"),
		    json_string(report_str(c, "rule")));
		json_array_foreach(json_object_get(c, "flags"), j, f) {
			if ((var = json_string_value(json_object_get(f,
			    "var"))) != NULL)
				json_object_set_new(vars, var, json_sprintf(
				    "%s", report_str(f, "flag")));
			if (json_is_true(json_object_get(f, "live")))
				json_array_append_new(json_object_get(e,
				    "live"), json_pack("{s:s,s:s,s:s}", "flag",
				    report_str(f, "flag"), "value",
				    report_str(f, "value"), "rule",
				    report_str(c, "rule")));
			else
				json_array_append_new(json_object_get(e,
				    "advice"), json_sprintf("%s%s%s (%s)",
				    json_object_get(f, "advice") != NULL ?
				    report_str(f, "advice") : report_str(f,
				    "flag"), json_object_get(f, "value") !=
				    NULL ? " " : "", report_str(f, "value"),
				    report_str(c, "rule")));
		}
	}
	out_add(b, "#!/bin/sh\n# Container settings, from dockaudit fix "
	    "(%s).\n# docker update changes what it can on the running "
	    "containers; the comments\n# are advice: the flags to re-create "
	    "a container with (not run).\nset -eu\n",
	    report_str(plan, "record"));
	json_object_foreach(vars, k, f)
		out_add(b, ": \"${%s:?give the value of docker update %s "
		    "first: %s=...}\"\n", k, json_string_value(f), k);
	json_object_foreach(byid, id, e) {
		struct buf	 rl;

		buf_init(&rl, 1 << 16);
		json_array_foreach(json_object_get(e, "rules"), j, f) {
			if (j > 0)
				buf_append(&rl, " ", 1);
			buf_append(&rl, json_string_value(f),
			    strlen(json_string_value(f)));
		}
		out_add(b, "\n# %s (%.12s): rules %s\n", report_str(e, "name"),
		    id, buf_cstr(&rl));
		buf_free(&rl);
		if (json_array_size(json_object_get(e, "live")) > 0) {
			out_add(b, "docker update");
			json_array_foreach(json_object_get(e, "live"), j, f) {
				var = report_str(f, "value");
				if (var[0] == '$')
					out_add(b, " %s \"%s\"", report_str(f,
					    "flag"), var);
				else {
					q = sh_quote(var);
					out_add(b, " %s %s", report_str(f,
					    "flag"), q);
					free(q);
				}
			}
			q = sh_quote(id);
			out_add(b, " %s\n", q);
			free(q);
		}
		json_array_foreach(json_object_get(e, "advice"), j, f)
			out_add(b, "#   re-create %s\n", json_string_value(f));
	}
	json_decref(byid);
	json_decref(vars);
}

static const char *
apply_words(const char *apply, int flags, int socket)
{
	if (strcmp(apply, "reload") == 0)
		return "reload: systemctl reload docker (dockerd re-reads "
		    "daemon.json on SIGHUP; no restart)";
	if (strcmp(apply, "restart") == 0 && socket)
		return "restart: systemctl daemon-reload, then systemctl "
		    "restart docker.socket docker";
	if (strcmp(apply, "restart") == 0)
		return flags ? "restart: systemctl daemon-reload, then "
		    "systemctl restart docker" : "restart: systemctl restart "
		    "docker";
	if (strcmp(apply, "audit-reload") == 0)
		return "audit rules: augenrules --load (no restart)";
	if (strcmp(apply, "docker-update") == 0)
		return "at once: docker update on the running containers";
	if (strcmp(apply, "re-create") == 0)
		return "advice: re-create the containers with the flags";
	return "at once (no restart)";
}

static void
render_rule(struct buf *b, json_t *r)
{
	json_t	*v;
	size_t	 i;

	out_add(b, "\n### %s %s\n\n", report_str(r, "id"),
	    report_str(r, "title"));
	json_array_foreach(json_object_get(r, "changes"), i, v)
		out_add(b, "- change: %s\n", json_string_value(v));
	out_add(b, "- apply: %s\n", apply_words(report_str(r, "apply"),
	    json_is_true(json_object_get(r, "flags")), json_is_true(
	    json_object_get(r, "socket"))));
	json_array_foreach(json_object_get(r, "disrupts"), i, v)
		out_add(b, "- disrupts: %s\n", json_string_value(v));
	if (json_array_size(json_object_get(r, "disrupts")) == 0)
		out_add(b, "- disrupts: nothing running\n");
	json_array_foreach(json_object_get(r, "notes"), i, v)
		out_add(b, "- note: %s\n", json_string_value(v));
}

static void
render_plan_md(json_t *plan, struct strlist *files, struct buf *b)
{
	json_t		*rules = json_object_get(plan, "rules"), *r;
	json_t		*left = json_object_get(plan, "left");
	const char	*root = report_str(plan, "root");
	char		*p;
	size_t		 i, n;
	int		 skipped = 0, reload = 0, restart = 0, flags = 0;
	int		 image = strcmp(root, "/") != 0;

	out_add(b, "# Remediation plan for %s\n\nMade by dockaudit fix %s "
	    "from %s (%s %s)%s%s. Nothing on the host has been changed and "
	    "nothing has been run: review each file, then apply it as the "
	    "steps say.\n", report_str(plan, "host")[0] != '\0' ?
	    report_str(plan, "host") : "the audited host",
	    report_str(plan, "tool"), report_str(plan, "record"),
	    report_str(json_object_get(plan, "benchmark"), "id"),
	    report_str(json_object_get(plan, "benchmark"), "version"),
	    strcmp(root, "/") != 0 ? ", for the tree " : "",
	    strcmp(root, "/") != 0 ? root : "");
	if (json_object_get(plan, "note") != NULL)
		out_add(b, "\nNote: %s.\n", report_str(plan, "note"));
	if (json_is_string(json_object_get(plan, "dockerd_argv_from")))
		out_add(b, "\ndockerd's flags: from %s.\n", report_str(plan,
		    "dockerd_argv_from"));
	json_array_foreach(rules, i, r) {
		if (strcmp(report_str(r, "status"), "planned") != 0) {
			skipped++;
			continue;
		}
		reload |= strcmp(report_str(r, "apply"), "reload") == 0;
		restart |= strcmp(report_str(r, "apply"), "restart") == 0;
		flags |= json_is_true(json_object_get(r, "flags"));
	}
	out_add(b, "\n## Steps\n\n");
	n = 0;
	if (strlist_has(files, "permissions.sh"))
		out_add(b, "%zu. `sh permissions.sh`: owners and modes (at "
		    "once).\n", ++n);
	if (strlist_has(files, "accounts.sh"))
		out_add(b, "%zu. `sh accounts.sh`: untrusted users leave the "
		    "docker group (they keep their running sessions' access "
		    "until they log in again).\n", ++n);
	if (strlist_has(files, "audit.rules")) {
		p = in_root(plan, "/etc/audit/rules.d/dockaudit.rules");
		out_add(b, "%zu. Install `audit.rules` as %s%s.\n", ++n, p,
		    image ? "" : ", then `augenrules --load`");
		free(p);
	}
	if (strlist_has(files, "daemon.json")) {
		p = in_root(plan, report_str(json_object_get(plan,
		    "daemon_json"), "path"));
		out_add(b, "%zu. Install `daemon.json` as %s (the host's file "
		    "with the keys below merged)%s%s.\n", ++n, p, image ? "" :
		    ", then `systemctl reload docker`", !image && restart ?
		    " (live-restore and the other reloadable keys take "
		    "effect; the rest waits for the restart below)" : "");
		free(p);
	}
	if (strlist_has(files, SERVICE_DROPIN) ||
	    strlist_has(files, SOCKET_DROPIN)) {
		p = in_root(plan, "/etc/systemd/system/");
		out_add(b, "%zu. Install %s%s%s into %s (the folders as they "
		    "are)%s.\n", ++n,
		    strlist_has(files, SERVICE_DROPIN) ? "`" SERVICE_DROPIN
		    "`" : "", strlist_has(files, SERVICE_DROPIN) &&
		    strlist_has(files, SOCKET_DROPIN) ? " and " : "",
		    strlist_has(files, SOCKET_DROPIN) ? "`" SOCKET_DROPIN "`" :
		    "", p, image ? "" : ", then `systemctl daemon-reload`");
		free(p);
	}
	if (image && (restart || reload || strlist_has(files, "audit.rules")))
		out_add(b, "%zu. Nothing to reload or restart in a tree: its "
		    "dockerd and auditd read these files when it boots.\n",
		    ++n);
	else if (restart)
		out_add(b, "%zu. `systemctl restart %sdocker`: dockerd "
		    "restarts.\n", ++n, strlist_has(files, SOCKET_DROPIN) ?
		    "docker.socket " : "");
	else if (reload && !strlist_has(files, "daemon.json"))
		out_add(b, "%zu. `systemctl reload docker`.\n", ++n);
	if (strlist_has(files, "containers.sh"))
		out_add(b, "%zu. Set the variables `containers.sh` asks for, "
		    "then `sh containers.sh`; its comments are advice for "
		    "re-creating containers.\n", ++n);
	if (n == 0)
		out_add(b, "Nothing to apply.\n");
	else
		out_add(b, "\nOr with Ansible: `playbook.yml` makes the same "
		    "changes%s%s (`ansible-playbook playbook.yml --check --diff` "
		    "shows them first; a second run changes nothing).\n",
		    image ? "" : ", with handlers for the reloads and restarts",
		    strlist_has(files, "containers.sh") || strlist_has(files,
		    "accounts.sh") ? ", but for `containers.sh` and "
		    "`accounts.sh`, which stay for a person" : "");
	(void)flags;
	out_add(b, "\n## Rules\n");
	json_array_foreach(rules, i, r) {
		if (strcmp(report_str(r, "status"), "planned") == 0)
			render_rule(b, r);
	}
	if (json_is_true(json_object_get(plan, "skip_disruptive")) ||
	    skipped > 0) {
		out_add(b, "\n## Left out (--skip-disruptive)\n\n%s\n",
		    skipped > 0 ? "These changes disrupt what runs; they are "
		    "not in the files above." : "No change disrupts what "
		    "runs.");
		json_array_foreach(rules, i, r) {
			if (strcmp(report_str(r, "status"), "skipped") == 0)
				render_rule(b, r);
		}
	}
	out_add(b, "\n## Left to a person\n\n%s\n", json_array_size(left) > 0 ?
	    "No change follows from these rules' checks; each needs a "
	    "person's decision." : "None.");
	json_array_foreach(left, i, r)
		out_add(b, "\n### %s %s\n\n- why: %s\n- remediation: %s\n",
		    report_str(r, "id"), report_str(r, "title"),
		    report_str(r, "why"), report_str(r, "remediation"));
}

int
fix_dir_check(const char *dir)
{
	struct stat	 st;
	struct dirent	*de;
	DIR		*d;
	json_t		*p;
	char		*path, *cause = NULL;
	int		 others = 0;

	if (stat(dir, &st) == -1) {
		if (errno == ENOENT)
			return 0;
		log_error("fix: -o %s: %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		log_error("fix: -o %s: not a directory (give a new or empty "
		    "directory, or one of an earlier plan)", dir);
		return -1;
	}
	if ((d = opendir(dir)) == NULL) {
		log_error("fix: -o %s: %s", dir, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") !=
		    0)
			others++;
	}
	closedir(d);
	if (others == 0)
		return 0;
	path = xasprintf("%s/plan.json", dir);
	p = json_input(path, 1 << 24, "a plan", 0, &cause);
	free(path);
	if (p == NULL || strcmp(report_str(p, "schema"), FIX_SCHEMA) != 0) {
		log_error("fix: -o %s: not empty and holds no earlier plan "
		    "(plan.json of %s): give a new or empty directory", dir,
		    FIX_SCHEMA);
		free(cause);
		json_decref(p);
		return -1;
	}
	json_decref(p);
	return 0;
}

static void
render_daemon_json(json_t *plan, struct buf *b)
{
	char	*s;

	s = json_dumps(json_object_get(json_object_get(plan, "daemon_json"),
	    "merged"), JSON_INDENT(2));
	out_add(b, "%s\n", s);
	free(s);
}

static void
render_socket(json_t *plan, struct buf *b)
{
	json_t		*v;
	const char	*k;

	out_add(b, "# From dockaudit fix: systemd makes dockerd's socket with "
	    "these at each start.\n[Socket]\n");
	json_object_foreach(json_object_get(plan, "socket_dropin"), k, v)
		out_add(b, "%s=%s\n", k, json_string_value(v));
}

static void
render_service(json_t *plan, struct buf *b)
{
	json_t	*v;
	char	*q;
	size_t	 i;

	out_add(b, "# From dockaudit fix: dockerd's flags changed (a setting "
	    "given as a flag cannot\n# also be in daemon.json: dockerd would "
	    "refuse to start).\n[Service]\nExecStart=\nExecStart=");
	json_array_foreach(json_object_get(json_object_get(plan,
	    "service_dropin"), "exec_start"), i, v) {
		q = unit_quote(json_string_value(v));
		out_add(b, "%s%s", i > 0 ? " " : "", q);
		free(q);
	}
	out_add(b, "\n");
}

/*
 * A YAML double-quoted scalar (JSON's string syntax, which YAML reads the
 * same) tagged !unsafe, so that Ansible never templates what the plan
 * holds ("{{" in a label or a path). Everything but printable ASCII is
 * escaped: no line break, C1 control or bidi control is left raw.
 */
static char *
yaml_quote(const char *s)
{
	struct buf		 b;
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 len = strlen(s), i = 0, n, k;
	unsigned int		 cp;
	char			 esc[16];

	buf_init(&b, 1 << 24);
	buf_append(&b, "!unsafe \"", 9);
	while (i < len) {
		if (p[i] == '"' || p[i] == '\\') {
			esc[0] = '\\';
			esc[1] = (char)p[i];
			buf_append(&b, esc, 2);
		} else if (p[i] == '\n')
			buf_append(&b, "\\n", 2);
		else if (p[i] == '\t')
			buf_append(&b, "\\t", 2);
		else if (p[i] >= 0x20 && p[i] < 0x7f)
			buf_append(&b, p + i, 1);
		else if (p[i] < 0x80 || (n = utf8_len(p + i, len - i)) == 0) {
			snprintf(esc, sizeof esc, "\\x%02x", p[i]);
			buf_append(&b, esc, 4);
		} else {
			cp = n == 2 ? p[i] & 0x1f : n == 3 ? p[i] & 0x0f :
			    p[i] & 0x07;
			for (k = 1; k < n; k++)
				cp = (cp << 6) | (p[i + k] & 0x3f);
			if (cp > 0xffff)
				snprintf(esc, sizeof esc, "\\U%08x", cp);
			else
				snprintf(esc, sizeof esc, "\\u%04x", cp);
			buf_append(&b, esc, strlen(esc));
			i += n;
			continue;
		}
		i++;
	}
	buf_append(&b, "\"", 1);
	return buf_cstr(&b);
}

/* "  KEY: VALUE" with VALUE quoted by yaml_quote(). */
static void
yaml_pair(struct buf *b, const char *indent, const char *key,
    const char *value)
{
	char	*q = yaml_quote(value);

	out_add(b, "%s%s: %s\n", indent, key, q);
	free(q);
}

/* The planned rules with a change to a file ("daemon.json: ..."), by id. */
static char *
rules_changing(json_t *plan, const char *file)
{
	struct buf	 b;
	json_t		*r, *c;
	const char	*id;
	size_t		 i, j, n = strlen(file);

	buf_init(&b, 1 << 16);
	json_array_foreach(json_object_get(plan, "rules"), i, r) {
		if (strcmp(report_str(r, "status"), "planned") != 0)
			continue;
		json_array_foreach(json_object_get(r, "changes"), j, c) {
			if (strncmp(json_string_value(c), file, n) != 0 ||
			    strncmp(json_string_value(c) + n, ": ", 2) != 0)
				continue;
			if (b.len > 0)
				buf_append(&b, " ", 1);
			id = report_str(r, "id");
			buf_append(&b, id, strlen(id));
			break;
		}
	}
	return buf_cstr(&b);
}

/*
 * The directory a copy task writes into, made first when missing
 * (ansible.builtin.copy refuses a destination in a missing directory);
 * an existing one keeps its owner and mode.
 */
static void
playbook_dir(struct buf *b, const char *path)
{
	char	*dir = xstrdup(path), *slash, *name, *q;

	if ((slash = strrchr(dir, '/')) != NULL && slash != dir)
		*slash = '\0';
	name = xasprintf("the folder %s", dir);
	q = yaml_quote(name);
	out_add(b, "\n    - name: %s\n      ansible.builtin.file:\n", q);
	yaml_pair(b, "        ", "path", dir);
	out_add(b, "        state: \"directory\"\n");
	free(q);
	free(name);
	free(dir);
}

/* One whole file, by ansible.builtin.copy with its content. */
static void
playbook_copy(struct buf *b, json_t *plan, const char *what,
    const char *path, struct buf *content, const char *mode,
    const char *const *notify)
{
	char	*dest = in_root(plan, path), *name, *q;
	size_t	 i;

	playbook_dir(b, dest);
	name = xasprintf("%s: %s", what, dest);
	q = yaml_quote(name);
	out_add(b, "\n    - name: %s\n      ansible.builtin.copy:\n", q);
	free(q);
	free(name);
	yaml_pair(b, "        ", "dest", dest);
	yaml_pair(b, "        ", "content", buf_cstr(content));
	if (mode != NULL)
		out_add(b, "        owner: \"root\"\n        group: \"root\"\n"
		    "        mode: \"%s\"\n", mode);

	for (i = 0; notify != NULL && notify[i] != NULL; i++)
		out_add(b, "%s        - \"%s\"\n", i == 0 ? "      notify:\n" :
		    "", notify[i]);
	free(dest);
	buf_free(content);
}

static void
render_playbook(json_t *plan, struct buf *b)
{
	json_t		*v, *p;
	const char	*root = report_str(plan, "root"), *own, *colon;
	const char	*notify[4];
	struct buf	 c;
	char		*s, *t, *path;
	size_t		 i;
	int		 image = strcmp(root, "/") != 0, k = 0;
	int		 restart = 0, reload = 0, sock = 0, any;

	json_array_foreach(json_object_get(plan, "rules"), i, v) {
		if (strcmp(report_str(v, "status"), "planned") != 0)
			continue;
		restart |= strcmp(report_str(v, "apply"), "restart") == 0;
		reload |= strcmp(report_str(v, "apply"), "reload") == 0;
		sock |= json_is_true(json_object_get(v, "socket"));
	}
	out_add(b, "# The changes of plan.json as an Ansible playbook, from "
	    "dockaudit fix\n# (%s), with ansible.builtin modules only: "
	    "ansible-playbook -i INVENTORY\n# --limit HOST playbook.yml "
	    "--check --diff first. Running it again changes\n# nothing more. "
	    "%s\n# containers.sh and accounts.sh are not in it: a docker "
	    "update is no state to\n# compare with, and which group a user "
	    "needs is a person's choice.\n", report_str(plan, "record"),
	    image ? "Its paths are in the tree the plan is for; nothing in a "
	    "tree runs,\n# so nothing is reloaded or restarted." : "The "
	    "handlers reload or restart what the plan says.");
	s = xasprintf("dockaudit fix plan of %s", report_str(plan, "host")[0]
	    != '\0' ? report_str(plan, "host") : "the audited host");
	t = yaml_quote(s);
	any = json_array_size(json_object_get(plan, "audit_watches")) > 0 ||
	    json_object_get(plan, "daemon_json") != NULL ||
	    json_object_get(plan, "service_dropin") != NULL ||
	    json_object_get(plan, "socket_dropin") != NULL ||
	    json_array_size(json_object_get(plan, "permissions")) > 0;
	out_add(b, "\n- name: %s\n  hosts: all\n  gather_facts: false\n"
	    "  tasks:%s\n", t, any ? "" : " []");
	free(t);
	free(s);
	if (json_array_size(json_object_get(plan, "audit_watches")) > 0) {
		buf_init(&c, 1 << 24);
		render_audit(plan, &c);
		notify[0] = image ? NULL : "load the audit rules";
		notify[1] = NULL;
		s = rules_changing(plan, "audit.rules");
		playbook_copy(b, plan, s, "/etc/audit/rules.d/dockaudit.rules",
		    &c, "0640", notify);
		free(s);
	}
	if ((v = json_object_get(plan, "daemon_json")) != NULL) {
		buf_init(&c, 1 << 24);
		render_daemon_json(plan, &c);
		k = 0;
		if (!image) {
			notify[k++] = "reload docker";
			if (restart)
				notify[k++] = "restart docker";
		}
		notify[k] = NULL;
		s = rules_changing(plan, "daemon.json");
		playbook_copy(b, plan, s, report_str(v, "path"), &c,
		    json_is_true(json_object_get(v, "existed")) ? NULL :
		    "0644", notify);
		free(s);
	}
	if (json_object_get(plan, "service_dropin") != NULL) {
		buf_init(&c, 1 << 20);
		render_service(plan, &c);
		notify[0] = image ? NULL : "daemon-reload";
		notify[1] = "restart docker";
		notify[2] = NULL;
		s = rules_changing(plan, "docker.service");
		playbook_copy(b, plan, s, "/etc/systemd/system/" SERVICE_DROPIN,
		    &c, "0644", notify);
		free(s);
	}
	if (json_object_get(plan, "socket_dropin") != NULL) {
		buf_init(&c, 1 << 16);
		render_socket(plan, &c);
		notify[0] = image ? NULL : "daemon-reload";
		notify[1] = "restart docker.socket";
		notify[2] = "restart docker";
		notify[3] = NULL;
		s = rules_changing(plan, "docker.socket");
		playbook_copy(b, plan, s, "/etc/systemd/system/" SOCKET_DROPIN,
		    &c, "0644", notify);
		free(s);
	}
	json_array_foreach(json_object_get(plan, "permissions"), i, p) {
		path = in_root(plan, report_str(p, "path"));
		s = xasprintf("%s: %s of %s", report_str(p, "rule"),
		    json_object_get(p, "chown") != NULL ? "owner" : "mode",
		    path);
		t = yaml_quote(s);
		out_add(b, "\n    - name: %s\n      ansible.builtin.file:\n", t);
		free(t);
		free(s);
		yaml_pair(b, "        ", "path", path);
		if ((own = json_string_value(json_object_get(p, "chown"))) !=
		    NULL) {
			colon = strchr(own, ':');
			s = xstrndup(own, colon != NULL ? (size_t)(colon - own) :
			    strlen(own));
			if (s[0] != '\0')
				yaml_pair(b, "        ", "owner", s);
			if (colon != NULL && colon[1] != '\0')
				yaml_pair(b, "        ", "group", colon + 1);
			free(s);
		} else
			yaml_pair(b, "        ", "mode", report_str(p,
			    "chmod"));
		free(path);
	}
	if (image)
		return;
	out_add(b, "\n  handlers:\n");
	out_add(b, "    - name: \"daemon-reload\"\n      ansible.builtin."
	    "systemd:\n        daemon_reload: true\n");
	out_add(b, "    - name: \"load the audit rules\"\n      ansible."
	    "builtin.command: augenrules --load\n");
	if (reload || json_object_get(plan, "daemon_json") != NULL)
		out_add(b, "    - name: \"reload docker\"\n      ansible."
		    "builtin.systemd:\n        name: \"docker.service\"\n"
		    "        state: \"reloaded\"\n");
	if (sock || json_object_get(plan, "socket_dropin") != NULL)
		out_add(b, "    - name: \"restart docker.socket\"\n      ansible."
		    "builtin.systemd:\n        name: \"docker.socket\"\n"
		    "        state: \"restarted\"\n");
	out_add(b, "    - name: \"restart docker\"\n      ansible.builtin."
	    "systemd:\n        name: \"docker.service\"\n        state: "
	    "\"restarted\"\n");
}

int
fix_write(json_t *plan, const char *dir)
{
	struct strlist	 written = { NULL, 0 };
	struct buf	 b;
	char		*s, *path;
	size_t		 i;
	int		 rc = 0;

	if (mkdir(dir, 0755) == -1 && errno != EEXIST) {
		log_error("fix: -o %s: %s", dir, strerror(errno));
		return -1;
	}
	if (json_object_get(plan, "daemon_json") != NULL) {
		buf_init(&b, 1 << 24);
		render_daemon_json(plan, &b);
		rc |= write_buf(dir, "daemon.json", &b, 0644, &written);
	}
	if (json_array_size(json_object_get(plan, "audit_watches")) > 0) {
		buf_init(&b, 1 << 24);
		render_audit(plan, &b);
		rc |= write_buf(dir, "audit.rules", &b, 0640, &written);
	}
	if (json_object_get(plan, "socket_dropin") != NULL) {
		buf_init(&b, 1 << 16);
		render_socket(plan, &b);
		rc |= write_buf(dir, SOCKET_DROPIN, &b, 0644, &written);
	}
	if (json_object_get(plan, "service_dropin") != NULL) {
		buf_init(&b, 1 << 20);
		render_service(plan, &b);
		rc |= write_buf(dir, SERVICE_DROPIN, &b, 0644, &written);
	}
	if (json_array_size(json_object_get(plan, "permissions")) > 0) {
		buf_init(&b, 1 << 24);
		render_perms(plan, &b);
		rc |= write_buf(dir, "permissions.sh", &b, 0755, &written);
	}
	if (json_array_size(json_object_get(plan, "accounts")) > 0) {
		buf_init(&b, 1 << 24);
		render_accounts(plan, &b);
		rc |= write_buf(dir, "accounts.sh", &b, 0755, &written);
	}
	if (json_array_size(json_object_get(plan, "containers")) > 0) {
		buf_init(&b, 1 << 24);
		render_containers(plan, &b);
		rc |= write_buf(dir, "containers.sh", &b, 0755, &written);
	}
	buf_init(&b, 1 << 26);
	render_playbook(plan, &b);
	rc |= write_buf(dir, "playbook.yml", &b, 0644, &written);
	strlist_add(&written, "plan.json");
	buf_init(&b, 1 << 24);
	render_plan_md(plan, &written, &b);
	rc |= write_buf(dir, "PLAN.md", &b, 0644, &written);
	s = json_dumps(plan, JSON_INDENT(2) | JSON_SORT_KEYS);
	buf_init(&b, 1 << 26);
	out_add(&b, "%s\n", s);
	free(s);
	rc |= write_buf(dir, "plan.json", &b, 0644, &written);
	for (i = 0; rc == 0 && i < nitems(fix_files); i++) {
		if (strlist_has(&written, fix_files[i]))
			continue;
		path = xasprintf("%s/%s", dir, fix_files[i]);
		if (unlink(path) == -1 && errno != ENOENT) {
			log_error("fix: cannot remove %s of an earlier plan: %s",
			    path, strerror(errno));
			rc = -1;
		}
		if ((s = strrchr(path, '/')) != NULL && strchr(fix_files[i],
		    '/') != NULL) {
			*s = '\0';
			(void)rmdir(path);
		}
		free(path);
	}
	strlist_free(&written);
	return rc == 0 ? 0 : -1;
}
