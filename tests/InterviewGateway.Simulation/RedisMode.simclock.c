// The simulation's clock for redis-server in Redis mode (RedisMode.cs, docs/simulation.md): the wall clock
// (CLOCK_REALTIME, gettimeofday, time) reads the virtual time the harness writes, as microseconds since the
// epoch, into the 8-byte file SIM_CLOCK_FILE; every other clock (the monotonic one Redis's timers use) is the
// real one. No allocation and no dlsym: libfaketime 0.9.10 cannot start redis-server (it clashes with jemalloc).
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile const int64_t *virtual_us;

// glibc's own clock_gettime (vDSO, no system call), for every clock but the wall clock: Redis reads the
// monotonic clock several times per command, and a raw system call for each made Redis mode's run spend
// as much time in the kernel as in user code. Weak, so a libc without it falls back to the system call.
extern int __clock_gettime(clockid_t id, struct timespec *ts) __attribute__((weak));

__attribute__((constructor)) static void sim_clock_init(void) {
    const char *path = getenv("SIM_CLOCK_FILE");
    if (path == NULL) return;
    int fd = open(path, O_RDONLY);
    if (fd < 0) return;
    void *map = mmap(NULL, sizeof(int64_t), PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (map != MAP_FAILED) virtual_us = (volatile const int64_t *)map;
}

int clock_gettime(clockid_t id, struct timespec *ts) {
    if (virtual_us != NULL && (id == CLOCK_REALTIME || id == CLOCK_REALTIME_COARSE)) {
        int64_t us = __atomic_load_n(virtual_us, __ATOMIC_ACQUIRE);
        ts->tv_sec = us / 1000000;
        ts->tv_nsec = (us % 1000000) * 1000;
        return 0;
    }
    return __clock_gettime != NULL ? __clock_gettime(id, ts) : (int)syscall(SYS_clock_gettime, id, ts);
}

int gettimeofday(struct timeval *restrict tv, void *restrict tz) {
    (void)tz;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    {
        tv->tv_sec = ts.tv_sec;
        tv->tv_usec = ts.tv_nsec / 1000;
    }
    return 0;
}

time_t time(time_t *out) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (out != NULL) *out = ts.tv_sec;
    return ts.tv_sec;
}
