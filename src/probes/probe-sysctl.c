/*
 * sysctl: a kernel setting, live (/proc/sys) and persistent (sysctl.conf
 * and sysctl.d, in systemd-sysctl order). Both go in the evidence. The
 * live value decides what is in force; a persistent setting that would
 * fail at the next boot fails too. Offline only the persistent value
 * exists. A key this kernel does not have compares as absent, or gives
 * the missing= outcome when one is set (no BPF JIT: nothing to harden).
 * The container-host-kernel benchmark.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "engine/message.h"
#include "probes/probe.h"
#include "lib/util.h"

static const char *const probe_sysctl_attrs[] = { "key", "missing", NULL };

static int
probe_sysctl_prepare(struct check *c, char **cause)
{
	const char	*k = check_attr(c, "key");

	if (strstr(k, "..") != NULL || strchr(k, '/') != NULL || *k == '.') {
		*cause = xasprintf("bad sysctl key \"%s\"", k);
		return -1;
	}
	return 0;
}

/*
 * A pass= or fail= sentence for the value that decided, when the check
 * has one; the sentences of a setting that is missing, or right now and
 * wrong after the next boot, say more than a template could.
 */
static void
say_template(const struct check *c, struct verdict *v, const char *val,
    const char *origin)
{
	struct cond_words	 w;
	struct msg_fields	 f;
	const char		*tmpl;
	json_t			*jv;
	char			*s;

	tmpl = v->status == STATUS_PASS ? check_attr(c, "pass") :
	    v->status == STATUS_FAIL ? check_attr(c, "fail") : NULL;
	if (tmpl == NULL || val == NULL || (v->cause != NULL &&
	    v->cause->kind == CAUSE_NEXT_BOOT))
		return;
	jv = json_string(val);
	cond_words(&c->cond, jv, &w);
	memset(&f, 0, sizeof f);
	f.target = check_attr(c, "key");
	f.value = w.value;
	f.bad = w.bad;
	f.expected = w.expected;
	s = msg_expand(tmpl, &f);
	if (origin != NULL)
		verdict_set(v, v->status, "%s (%s)", s, origin);
	else
		verdict_set(v, v->status, "%s", s);
	free(s);
	cond_words_free(&w);
	json_decref(jv);
}

static void
probe_sysctl_exec(struct probe_ctx *ctx, const struct check *c,
    struct verdict *v)
{
	const char			*key = check_attr(c, "key");
	const struct sysctl_setting	*ps;
	const char			*data;
	char				*path, *p, *cause = NULL, *val = NULL;
	char				*why_live = NULL, *why_pers = NULL;
	enum status			 st_live = STATUS_NA, st_pers = STATUS_NA;
	struct cond_words		 w;
	json_t				*jv;
	size_t				 len;
	int				 err;

	path = xasprintf("/proc/sys/%s", key);
	for (p = path + strlen("/proc/sys/"); *p != '\0'; p++) {
		if (*p == '.')
			*p = '/';
	}
	json_object_set_new(v->evidence, "key", json_string(key));
	err = source_read(ctx->src, path, &data, &len, &cause);
	if (err == 0) {
		val = xstrndup(data, len);
		val[strcspn(val, "\n")] = '\0';
		for (p = val; *p != '\0'; p++) {
			if (*p == '\t')
				*p = ' ';
		}
		jv = json_string(val);
		st_live = cond_eval(&c->cond, jv, &why_live);
		json_object_set_new(v->evidence, "live", jv);
	} else if (err == ENOENT) {
		json_object_set_new(v->evidence, "live", json_null());
		json_object_set_new(v->evidence, "live_note",
		    json_string("not present in this kernel"));
		if (check_attr(c, "missing") != NULL) {
			verdict_set(v, probe_missing(c), "%s is not present in "
			    "this kernel", key);
			goto out;
		}
		st_live = cond_eval_words(&c->cond, NULL, &p, &w);
		free(p);
		why_live = xasprintf("is not present in this kernel%s",
		    w.tail);
		cond_words_free(&w);
	} else if (err != SOURCE_OFFLINE) {
		probe_error(v, err, path, cause);
		goto out;
	} else {
		json_object_set_new(v->evidence, "live", json_null());
		json_object_set_new(v->evidence, "live_note", json_string(
		    "offline: no running kernel"));
	}
	if ((ps = facts_sysctl(ctx->facts, key)) != NULL) {
		jv = json_string(ps->value);
		st_pers = cond_eval(&c->cond, jv, &why_pers);
		json_object_set_new(v->evidence, "persistent", jv);
		json_object_set_new(v->evidence, "persistent_origin",
		    evidence_string(ps->origin));
	} else
		json_object_set_new(v->evidence, "persistent", json_null());
	json_object_set_new(v->evidence, "expected", json_string(
	    (p = cond_describe(&c->cond))));
	free(p);
	if (err == SOURCE_OFFLINE) {
		if (ps == NULL && cond_eval(&c->cond, NULL, &why_pers) ==
		    STATUS_PASS)
			verdict_set(v, STATUS_PASS, "%s is not set in any "
			    "sysctl file", key);
		else if (ps == NULL)
			verdict_set(v, STATUS_FAIL, "%s is not set in any "
			    "sysctl file (the image boots with the kernel "
			    "default)", key);
		else
			verdict_set(v, st_pers, "%s %s (%s)", key, why_pers,
			    ps->origin);
	} else if (st_live != STATUS_PASS)
		verdict_set(v, st_live, "%s %s", key, why_live);
	else if (ps != NULL && st_pers != STATUS_PASS)
		verdict_because(v, st_pers, cause_wrap(CAUSE_NEXT_BOOT, key,
		    cause_newf(CAUSE_OTHER, NULL, "%s is %s now, but %s sets "
		    "%s", key, val, ps->origin, ps->value)));
	else
		verdict_set(v, STATUS_PASS, "%s %s", key, why_live);
	if (val != NULL)
		say_template(c, v, val, NULL);
	else if (ps != NULL)
		say_template(c, v, ps->value, ps->origin);
out:
	free(path);
	free(cause);
	free(val);
	free(why_live);
	free(why_pers);
}

const struct probe_entry probe_sysctl_entry = {
	.name = "sysctl",
	.help = "a kernel setting, live from /proc/sys and persistent from "
	    "sysctl.d, compared",
	.attrs = probe_sysctl_attrs,
	.flags = PROBE_COMPARE,
	.prepare = probe_sysctl_prepare,
	.exec = probe_sysctl_exec,
};
