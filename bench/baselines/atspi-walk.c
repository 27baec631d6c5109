/*
 * atspi-walk: the plain libatspi walk that lam-bridge's native snapshot is measured and checked against.
 *
 * Build (bench/baselines/build.sh does this when the binary is missing or stale):
 *   cc -O2 -o build/baselines/atspi-walk bench/baselines/atspi-walk.c $(pkg-config --cflags --libs atspi-2 gobject-2.0)
 * gobject-2.0 must be named: Debian's atspi-2.pc lists it only under Requires.private, so `--libs atspi-2`
 * alone fails to link (g_object_unref: "DSO missing from command line").
 *
 * Usage:
 *   atspi-walk --app NAME [--runs N] [--extents showing|none] [--visible-only]
 *
 * Prints one JSON object on stdout:
 *   {"runs":N,"medianMs":..,"timesMs":[..],"nodes":[{"bus","path","parent","role","name","childCount","showing"}]}
 * with the nodes of the last run in pre-order, the application root first. Diagnostics go to stderr.
 * Exit codes: 0 ok, 2 usage error or app not found, 1 anything else.
 *
 * What "plain" means here: one synchronous D-Bus round trip per property read, as a naive client makes them.
 * libatspi answers reads from its own cache only while its event loop runs or after a cache mask has been set
 * (enable_caching), so this program does neither. In particular it does NOT call
 * atspi_accessible_set_cache_mask(app, ATSPI_CACHE_NONE), which looks like the obvious "no cache" switch but
 * is worse in libatspi 2.46: with mask NONE the STATES flag is never recorded, so every internal cache test
 * on a node whose state set was read once (_atspi_accessible_test_cache checks TRANSIENT) refreshes the state
 * set with another GetState call, and when that happens inside libdbus' dispatch of an incoming event
 * signal, the nested call waits on the dispatch lock it already holds: the walk hung on its first node
 * against gtk3-widget-factory, whose spinners emit events all the time.
 * With the default mask and no loop, libatspi records what it fetched but never serves it (test_cache needs
 * atspi_main_loop or enable_caching), and a state set it returned answers atspi_state_set_contains locally.
 * The one exception is the interface list, which libatspi always takes from the Cache.GetItems reply it
 * fetches when it first meets an application. Counted with an LD_PRELOAD shim on gtk3-widget-factory (261
 * nodes), one run makes per node: GetRole, GetState, Get(Name), Get(ChildCount), GetChildAtIndex, plus
 * GetExtents for the 148 showing Component nodes and 20 GetInterfaces for objects GetItems did not list.
 *
 * The role name comes from atspi_role_get_name on the role we already fetched: that is exactly what
 * atspi_accessible_get_role_name does for every known role, minus a second GetRole round trip that would
 * only make the baseline look slower than a sensible client. EXTENDED and unknown roles still ask the app.
 * The role name is read (and discarded) so the walk does the work a client that shows roles does; the JSON
 * carries the integer, which is what the comparison with the native snapshot needs.
 */
#include <atspi/atspi.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Guards against a broken app that reports a cycle or an endless tree: a baseline must terminate. */
#define MAX_DEPTH 512
#define MAX_NODES 200000

typedef struct {
  char *bus;
  char *path;
  int parent;
  int role;
  char *name;
  int child_count;
  gboolean showing;
} Node;

typedef struct {
  gboolean extents_showing;
  gboolean visible_only;
} Options;

static GArray *nodes; /* of Node, the current run */
static gboolean hit_node_limit;

static void node_clear(gpointer p) {
  Node *n = p;
  g_free(n->bus);
  g_free(n->path);
  g_free(n->name);
}

static void report_error(const char *what, GError **error) {
  if (*error) {
    /* Elements vanish mid-walk in a live app; a baseline records what it could read and moves on. */
    g_printerr("atspi-walk: %s: %s\n", what, (*error)->message);
    g_clear_error(error);
  }
}

static gboolean is_showing(AtspiAccessible *acc) {
  AtspiStateSet *states = atspi_accessible_get_state_set(acc);
  if (!states) return FALSE;
  gboolean showing = atspi_state_set_contains(states, ATSPI_STATE_SHOWING);
  g_object_unref(states);
  return showing;
}

/*
 * Reads one node and appends it. `showing` is passed in when the caller already read the state set (to
 * decide --visible-only), so the walk never asks for the same property twice.
 */
static int read_node(AtspiAccessible *acc, int parent, gboolean showing, const Options *opt) {
  GError *error = NULL;
  Node n = {0};
  AtspiObject *obj = ATSPI_OBJECT(acc);
  n.bus = g_strdup(obj->app && obj->app->bus_name ? obj->app->bus_name : "");
  n.path = g_strdup(obj->path ? obj->path : "");
  n.parent = parent;

  AtspiRole role = atspi_accessible_get_role(acc, &error);
  report_error("get_role", &error);
  n.role = (int)role;
  gchar *role_name = (role >= 0 && role < ATSPI_ROLE_COUNT && role != ATSPI_ROLE_EXTENDED)
                         ? atspi_role_get_name(role)
                         : atspi_accessible_get_role_name(acc, &error);
  report_error("get_role_name", &error);
  g_free(role_name);

  gchar *name = atspi_accessible_get_name(acc, &error);
  report_error("get_name", &error);
  n.name = name ? name : g_strdup("");

  n.showing = showing;

  if (opt->extents_showing && showing) {
    /* atspi_accessible_get_component_iface asks for the interface list (GetInterfaces) first: one more
     * round trip, paid only for showing nodes, just like a client that checks before it asks. */
    AtspiComponent *component = atspi_accessible_get_component_iface(acc);
    if (component) {
      AtspiRect *rect = atspi_component_get_extents(component, ATSPI_COORD_TYPE_SCREEN, &error);
      report_error("get_extents", &error);
      g_free(rect);
      g_object_unref(component);
    }
  }

  n.child_count = atspi_accessible_get_child_count(acc, &error);
  if (error) {
    report_error("get_child_count", &error);
    n.child_count = -1;
  }
  g_array_append_val(nodes, n);
  return (int)nodes->len - 1;
}

static void walk(AtspiAccessible *acc, int parent, gboolean showing, int depth, const Options *opt) {
  if (nodes->len >= MAX_NODES) {
    hit_node_limit = TRUE;
    return;
  }
  int self = read_node(acc, parent, showing, opt);
  int count = g_array_index(nodes, Node, self).child_count;
  if (depth >= MAX_DEPTH) return;
  for (int i = 0; i < count; i++) {
    GError *error = NULL;
    AtspiAccessible *child = atspi_accessible_get_child_at_index(acc, i, &error);
    report_error("get_child_at_index", &error);
    if (!child) continue;
    gboolean child_showing = is_showing(child);
    if (!opt->visible_only || child_showing) walk(child, self, child_showing, depth + 1, opt);
    g_object_unref(child);
  }
}

static void json_string(GString *out, const char *s) {
  g_string_append_c(out, '"');
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
      case '"': g_string_append(out, "\\\""); break;
      case '\\': g_string_append(out, "\\\\"); break;
      case '\n': g_string_append(out, "\\n"); break;
      case '\r': g_string_append(out, "\\r"); break;
      case '\t': g_string_append(out, "\\t"); break;
      default:
        if (*p < 0x20) g_string_append_printf(out, "\\u%04x", *p);
        else g_string_append_c(out, (char)*p);
    }
  }
  g_string_append_c(out, '"');
}

static int compare_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y ? 1 : 0;
}

static void usage(void) {
  g_printerr("usage: atspi-walk --app NAME [--runs N] [--extents showing|none] [--visible-only]\n");
}

static AtspiAccessible *find_app(const char *wanted) {
  GError *error = NULL;
  AtspiAccessible *desktop = atspi_get_desktop(0);
  int count = atspi_accessible_get_child_count(desktop, &error);
  report_error("desktop child count", &error);
  AtspiAccessible *found = NULL;
  gchar *wanted_fold = g_utf8_casefold(wanted, -1);
  GString *running = g_string_new(NULL);
  for (int i = 0; i < count; i++) {
    AtspiAccessible *app = atspi_accessible_get_child_at_index(desktop, i, &error);
    report_error("desktop child", &error);
    if (!app) continue;
    gchar *name = atspi_accessible_get_name(app, &error);
    report_error("app name", &error);
    gchar *fold = name ? g_utf8_casefold(name, -1) : g_strdup("");
    g_string_append_printf(running, "%s%s", running->len ? ", " : "", name ? name : "");
    if (!found && strcmp(fold, wanted_fold) == 0) found = g_object_ref(app);
    g_free(fold);
    g_free(name);
    g_object_unref(app);
  }
  if (!found) g_printerr("atspi-walk: no application named '%s' on the desktop (running: %s)\n", wanted, running->str);
  g_string_free(running, TRUE);
  g_free(wanted_fold);
  g_object_unref(desktop);
  return found;
}

int main(int argc, char **argv) {
  const char *app_name = NULL;
  int runs = 1;
  Options opt = {.extents_showing = TRUE, .visible_only = FALSE};

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "--app") && i + 1 < argc) app_name = argv[++i];
    else if (!strcmp(a, "--runs") && i + 1 < argc) {
      char *end = NULL;
      long v = strtol(argv[++i], &end, 10);
      if (!end || *end || v < 1 || v > 100000) { usage(); return 2; }
      runs = (int)v;
    } else if (!strcmp(a, "--extents") && i + 1 < argc) {
      const char *v = argv[++i];
      if (!strcmp(v, "showing")) opt.extents_showing = TRUE;
      else if (!strcmp(v, "none")) opt.extents_showing = FALSE;
      else { usage(); return 2; }
    } else if (!strcmp(a, "--visible-only")) opt.visible_only = TRUE;
    else { usage(); return 2; }
  }
  if (!app_name || !*app_name) { usage(); return 2; }

  if (atspi_init() < 0) {
    g_printerr("atspi-walk: atspi_init failed (no accessibility bus?)\n");
    return 1;
  }
  AtspiAccessible *app = find_app(app_name);
  if (!app) return 2;

  double *times = g_new0(double, runs);
  for (int r = 0; r < runs; r++) {
    if (nodes) g_array_free(nodes, TRUE);
    nodes = g_array_new(FALSE, TRUE, sizeof(Node));
    g_array_set_clear_func(nodes, node_clear);
    hit_node_limit = FALSE;
    gint64 t0 = g_get_monotonic_time();
    /* The app root is always output, SHOWING or not (application objects usually are not). */
    walk(app, -1, is_showing(app), 0, &opt);
    times[r] = (double)(g_get_monotonic_time() - t0) / 1000.0;
  }
  if (hit_node_limit) g_printerr("atspi-walk: stopped at %d nodes\n", MAX_NODES);

  double *sorted = g_memdup2(times, sizeof(double) * runs);
  qsort(sorted, runs, sizeof(double), compare_double);
  double median = runs % 2 ? sorted[runs / 2] : (sorted[runs / 2 - 1] + sorted[runs / 2]) / 2.0;

  GString *out = g_string_sized_new(64 * 1024);
  g_string_append_printf(out, "{\"runs\":%d,\"medianMs\":%.3f,\"timesMs\":[", runs, median);
  for (int r = 0; r < runs; r++) g_string_append_printf(out, "%s%.3f", r ? "," : "", times[r]);
  g_string_append(out, "],\"nodes\":[");
  for (guint i = 0; i < nodes->len; i++) {
    Node *n = &g_array_index(nodes, Node, i);
    g_string_append(out, i ? ",{\"bus\":" : "{\"bus\":");
    json_string(out, n->bus);
    g_string_append(out, ",\"path\":");
    json_string(out, n->path);
    g_string_append_printf(out, ",\"parent\":%d,\"role\":%d,\"name\":", n->parent, n->role);
    json_string(out, n->name);
    g_string_append_printf(out, ",\"childCount\":%d,\"showing\":%s}", n->child_count, n->showing ? "true" : "false");
  }
  g_string_append(out, "]}\n");
  fwrite(out->str, 1, out->len, stdout);

  g_string_free(out, TRUE);
  g_free(sorted);
  g_free(times);
  g_array_free(nodes, TRUE);
  g_object_unref(app);
  return 0;
}
