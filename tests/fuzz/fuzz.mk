# The libFuzzer harnesses, built with clang by "make fuzz" (which passes
# top_srcdir and the libraries' flags). GNU make; kept out of automake so
# that the normal build never needs clang.
#
#   fuzz/fuzz-TARGET   one binary per target of tests/fuzz/fuzz.c
#   fuzz/obj/          dockaudit's sources, compiled for fuzzing

CLANG	?= clang
TARGETS	 = bench values waivers attestations inspect info version top networks \
	   daemon-json audit-rules sysctl jsonkeep sshsig record image
GENERATED = engine/bench-rng.c engine/waivers-rng.c engine/controls-rng.c \
	    engine/attestations-rng.c \
	    report/report-assets.c \
	    engine/bench-digests.c
SRCS	 = $(filter-out $(addprefix $(top_srcdir)/src/,$(GENERATED)), \
	     $(wildcard $(top_srcdir)/src/*/*.c))
OBJS	 = $(patsubst $(top_srcdir)/src/%.c,fuzz/obj/%.o,$(SRCS)) \
	   $(patsubst %.c,fuzz/obj/%.o,$(GENERATED))
SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer
FCFLAGS	 = -g -O1 -std=gnu11 -D_GNU_SOURCE $(DEFS) -Wall -Wextra -Werror \
	   -Wno-unused-command-line-argument \
	   -DBENCHDIR='"$(pkgdatadir)/benchmarks"' \
	   -DFUZZ_SRCDIR='"$(top_srcdir)"' -I$(top_srcdir)/src \
	   $(CURL_CFLAGS) $(JANSSON_CFLAGS) $(XML_CFLAGS) $(PROC2_CFLAGS) \
	   $(NETTLE_CFLAGS) $(ARCHIVE_CFLAGS)
FLIBS	 = $(CURL_LIBS) $(JANSSON_LIBS) $(XML_LIBS) $(PROC2_LIBS) \
	   $(NETTLE_LIBS) $(ARCHIVE_LIBS) -lm

all: $(TARGETS:%=fuzz/fuzz-%)

fuzz/obj/%.o: $(top_srcdir)/src/%.c
	@mkdir -p $(@D)
	$(CLANG) $(FCFLAGS) $(SAN) -fsanitize=fuzzer-no-link -c $< -o $@

fuzz/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(CLANG) $(FCFLAGS) $(SAN) -fsanitize=fuzzer-no-link -c $< -o $@

fuzz/fuzz-%: $(top_srcdir)/tests/fuzz/fuzz.c $(OBJS)
	$(CLANG) $(FCFLAGS) $(SAN) -fsanitize=fuzzer -DFUZZ_TARGET='"$*"' \
	  -o $@ $< $(OBJS) $(FLIBS)

.PHONY: all
