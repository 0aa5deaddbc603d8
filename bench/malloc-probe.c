// Preloaded into the soak's children by `node bench/soak.js --malloc` (glibc only): tells
// the bytes malloc has handed out and not had back (mallinfo2's uordblks + hblkhd) apart
// from RSS. Bytes in use that grow are a leak; RSS that grows while they stay flat is the
// allocator keeping freed memory.
//
// A thread answers on two FIFOs, $H5TABLES_MALLOC_PROBE.req and .resp: it reads one byte
// and writes one JSON line. A thread, not a signal handler: mallinfo2 takes malloc's locks.
#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static char req[4096], resp[4096];

static void* answer(void* unused) {
  (void)unused;
  for (;;) {
    int in = open(req, O_RDONLY);
    if (in < 0) return NULL;
    char c;
    ssize_t got = read(in, &c, 1);
    close(in);
    if (got != 1) continue;
    struct mallinfo2 m = mallinfo2();
    char line[256];
    int n = snprintf(line, sizeof line, "{\"inUse\":%zu,\"heap\":%zu,\"mmapped\":%zu}\n", m.uordblks + m.hblkhd,
                     m.arena, m.hblkhd);
    int out = open(resp, O_WRONLY);
    if (out >= 0) {
      if (write(out, line, (size_t)n) != n) { /* the soak sees a short line and says so */ }
      close(out);
    }
  }
}

__attribute__((constructor)) static void start(void) {
  const char* base = getenv("H5TABLES_MALLOC_PROBE");
  if (base == NULL) return;
  snprintf(req, sizeof req, "%s.req", base);
  snprintf(resp, sizeof resp, "%s.resp", base);
  // Only the process that makes the FIFOs answers (its own children inherit the variable).
  if (mkfifo(req, 0600) != 0 || mkfifo(resp, 0600) != 0) return;
  pthread_t t;
  if (pthread_create(&t, NULL, answer, NULL) == 0) pthread_detach(t);
}
