# MmScope pools scenario
# ======================
#
# The kernel pools at work (shared/docs/mm-behaviour.md 4.3 and 4.4), as a driver would use them:
#
#   Nonpaged pool  always resident. Grows through system PTEs, each backed at once by a page.
#                  Free runs are kept in four buckets (1, 2, 3, 4+ pages); a request is carved from
#                  the END of the first run that fits; a free coalesces with its free neighbours.
#   Paged pool     grows one page table (512 pages) at a time. Its pages get demand-zero PTEs and
#                  no physical page until touched; touched pages join the system working set, from
#                  which they are trimmed and paged out like any process's pages.
#   Lookaside      a one-page free goes to a small per-pool stack; the next one-page request pops
#                  it again (same address).
#   Small blocks   requests of up to 4,064 bytes share pool pages, each block behind a 16-byte pool
#                  header (previous size, block size, pool type, tag), as WinDbg's !pool shows.
#   Special pool   one allocation per page, data at the end of the page (aligned down to 16 bytes),
#                  followed by an invalid guard page: an overrun faults at once (bugcheck 0xD6).
#
# Run it headless:  java -cp <sim classes> org.mmscope.sim.run.HeadlessRunner --pools
# which ends with the pools' summary, !poolused and !pool for each named block.

machine ram=256M cpus=2 pagefile=256M seed=7

# Driver Verifier's pool tag setting: from here on, allocations tagged 'Vrf?' go to special pool.
pool verify tag='Vrf*'

# --- nonpaged pool: buckets, carving from the end, coalescing, the lookaside list ---------------
pool alloc nonpaged 3 pages tag='Nic ' as rx-ring
pool alloc nonpaged 1 pages tag='Nic ' as tx-desc
pool alloc nonpaged 4 pages tag='Dma ' as dma
mark "nonpaged: 8 pages in three allocations"
pool free rx-ring
# 3 free pages in bucket 3: a 2-page request is carved from the END of that run, leaving 1 page
pool alloc nonpaged 2 pages tag='Nic ' as rx-small
pool free tx-desc
# a one-page free went to the lookaside list: this one-page request gets the same page back
pool alloc nonpaged 1 pages tag='Nic ' as tx-again
mark "nonpaged: run carved from its end, lookaside reused"

# --- small blocks: many allocations share one pool page ----------------------------------------
pool alloc nonpaged 200 bytes tag='Irp ' as irp1
pool alloc nonpaged 200 bytes tag='Irp ' as irp2
pool alloc nonpaged 96 bytes tag='Obj ' as obj1
pool alloc paged 1000 bytes tag='Reg ' as reg1
pool free irp1
pool alloc nonpaged 120 bytes tag='Irp ' as irp3
mark "small blocks allocated"

# --- paged pool: demand zero, trimmed, paged out, faulted back ---------------------------------
process cache.sys {
    thread worker {
        wait 1ms
    }
}
pool alloc paged 64 pages tag='Fs  ' as fs-cache
# nothing is resident yet: the 64 PTEs are demand zero. Writing makes them resident (system
# working set), one demand-zero fault per page.
pool write fs-cache offset=0 size=256K value=0x46
mark "paged pool written: 64 pages in the system working set"
trim all
run modified-page-writer
wait 20ms
mark "paged pool trimmed and written to the paging file"
# touching it again brings the pages back (soft faults from Standby, or hard faults)
pool write fs-cache offset=0 size=8K value=0x47
mark "paged pool faulted back"

# --- special pool -------------------------------------------------------------------------------
pool alloc nonpaged 32 bytes tag='Vrf1' as checked
pool write checked offset=0 size=32 value=0x11
mark "special pool: 32 bytes at the end of a page, a guard page after them"
# Uncomment to see special pool catch an overrun of one byte at once (bugcheck 0xD6, the guard page):
#   pool write checked offset=32 size=1
# A size that is not a multiple of 16 leaves slack bytes after the data (the data is placed at the
# end of the page aligned down to 16): an overrun into the slack is caught when the block is freed
# (bugcheck 0xC1, parameter 4 = 0x24, "corrupted after the data").
pool free checked

# Some allocations stay (a leak, for !poolused to show); the rest is freed.
pool free irp2
pool free dma
mark "done"
