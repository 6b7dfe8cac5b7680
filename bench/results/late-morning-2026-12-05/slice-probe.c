#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
struct sched_attr { uint32_t size, sched_policy; uint64_t sched_flags; int32_t sched_nice; uint32_t sched_priority; uint64_t sched_runtime, sched_deadline, sched_period; uint32_t util_min, util_max; };
static long ns(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec*1000000000L+t.tv_nsec;}
int cmp(const void*a,const void*b){long x=*(long*)a,y=*(long*)b;return x<y?-1:x>y;}
int main(int argc,char**argv){
  long slice=atol(argv[2]); int n=atoi(argv[3]); int recsz=atoi(argv[4]);
  if(slice>0){ struct sched_attr a; memset(&a,0,sizeof a); a.size=sizeof a; a.sched_policy=0; a.sched_runtime=slice;
    if(syscall(SYS_sched_setattr,0,&a,0)!=0){perror("sched_setattr");return 1;} }
  struct sched_attr g; memset(&g,0,sizeof g); syscall(SYS_sched_getattr,0,&g,sizeof g,0);
  size_t size=64<<20;
  int fd=open(argv[1],O_RDWR|O_CREAT|O_TRUNC,0644); ftruncate(fd,size);
  char*m=mmap(0,size,PROT_READ|PROT_WRITE,MAP_SHARED,fd,0);
  long*lat=malloc(n*sizeof(long)); char rec[65536]; memset(rec,'x',sizeof rec);
  size_t pos=1<<20;
  for(int i=0;i<n;i++){ memcpy(m+pos,rec,recsz); pos+=recsz; long t=ns(); fdatasync(fd); lat[i]=ns()-t; }
  qsort(lat,n,sizeof(long),cmp);
  printf("slice=%ld (runtime now %lu) rec=%d p50=%ld us p90=%ld p99=%ld\n",slice,(unsigned long)g.sched_runtime,recsz,lat[n/2]/1000,lat[n*9/10]/1000,lat[n*99/100]/1000);
  return 0;}
