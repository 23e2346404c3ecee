# MmScope default scenario
# ========================
#
# This is what you see when you press "Launch default simulation". It is written to put every
# page list of the simulated memory manager to work in its first simulated seconds:
#
#   Zeroed    pages known to hold zeros (all of RAM at boot); demand-zero faults take them first
#   Free      pages nobody uses, not yet zeroed (when a process exits); the zero page thread
#             turns them into Zeroed pages
#   Active    pages mapped by a valid PTE, in some working set
#   Modified  pages trimmed from a working set while dirty: they must be written to the paging file
#   Standby   clean pages trimmed from a working set, or modified pages once written: still holding
#             their data, so a fault on them is a soft (transition) fault, no disk read
#
# The story: notepad.exe and explorer.exe start and use a few megabytes. Then "hog" commits and
# writes more memory than the machine has. Available memory runs out, working sets are trimmed,
# the modified page writer writes dirty pages to the paging file, and pages that were written out
# come back through hard faults (paging-file reads). One of those reads fails once (an injected
# disk error) and is retried. Finally notepad.exe exits, its pages go back to Free and the zero page
# thread turns them into Zeroed pages.
#
# Syntax in brief (docs/scenario-format.md has it all): one statement per line (or separated by
# ';'), a verb then arguments, key=value arguments, bodies in { }. Sizes: 4K, 2M, 1G (powers of
# 1024); times: 5ms, 200us, 1s; addresses: 0x10000 or WinDbg's 00000000`40000000; a range is
# START..END (end excluded) or START..+SIZE. '#' starts a comment.

# The machine: 256 MB of RAM (65,536 pages of 4 KB), 16 page colours, 2 processors, a 512 MB paging
# file, and the seed of the one random generator: same seed, same run, event for event.
machine ram=256M colours=16 cpus=2 pagefile=512M seed=42

# A rule, in force from the start: whenever the available pages (Zeroed + Free + Standby) drop
# below 2,048 (8 MB), trim every working set. Clean pages go to Standby, dirty ones to Modified.
pressure available<2048 -> trim all

# --- the script: runs top to bottom; a process starts when the script reaches it ---------------

# notepad.exe: one thread that commits a 2 MB heap and writes it. Each first write is a
# demand-zero fault: a page leaves the Zeroed list (or Free, zeroed on the spot) for Active.
process notepad.exe {
    thread main {
        commit 0x10000000 size=2M rw
        touch 0x10000000..+2M write
        wait 200ms
        # By now the hog has pushed notepad's pages out of its working set. Reading them again is
        # a soft fault if they are still on Standby or Modified, a hard fault (paging-file read)
        # if they were repurposed. Read twice: the second pass retries a page whose read failed.
        touch 0x10000000..+2M read
        touch 0x10000000..+2M read
    }
}

# explorer.exe: two threads. "ui" keeps rewriting 8 MB, so its pages are dirty again and again;
# "worker" writes 4 MB once and then leaves them alone: they age and are trimmed first.
process explorer.exe {
    thread ui {
        commit 0x20000000 size=8M rw
        repeat 20 {
            touch 0x20000000..+8M write stride=8K
            wait 25ms
        }
    }
    thread worker {
        commit 0x30000000 size=4M rw
        touch 0x30000000..+4M write
    }
}

# A timed action: at 300 ms explorer.exe's working set is trimmed, whatever the script is doing.
# (Like every rule it is in force from the start; it is written here, below explorer.exe, because a
# name must be defined above the lines that use it.)
at t=300ms: trim explorer.exe

mark "notepad.exe and explorer.exe are running"
wait 20ms

# Arm a disk error: the next paging-file read covering byte 0x3000 (the fourth page of the paging
# file, among the first the modified page writer fills) fails once. The faulting thread sees an in-page error; touching the page again
# retries the read, which then succeeds.
inject disk-read-error pagefile offset=0x3000 times=1

# hog: commits 320 MB on a 256 MB machine and writes every page. The memory manager must trim
# working sets, the Modified list grows, the modified page writer writes it to the paging file and
# the written pages move to Standby, from where new demand-zero faults repurpose them.
process hog {
    thread main {
        mark "hog starts writing 320 MB"
        commit 0x40000000 size=320M rw
        touch 0x40000000..+320M write
        mark "hog has written everything"
        wait 50ms
        # The first 64 MB were written long ago: most of them now live only in the paging file.
        # Reading them is a stream of hard faults. Twice, for the injected error's retry.
        touch 0x40000000..+64M read
        touch 0x40000000..+64M read
    }
}

# Wait for the hog, then end notepad.exe: its private pages go back to the Free list...
join hog
join notepad.exe
exit notepad.exe
mark "notepad.exe has exited: its pages are Free"

# ...and the zero page thread (which also runs by itself when it has work) zeroes them.
wait 10ms
run zero-page-thread
join explorer.exe
mark "done"
