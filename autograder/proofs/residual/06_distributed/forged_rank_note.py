# twin: all_ranks_write
# Gets past: whether rank 1 wrote the file is told by a note the check's saving ranks put in their optimizer's
# param_groups (rank 1 calls save_ddp last, so its write would be the one left). Every rank still writes, but
# the ranks other than 0 first overwrite the note with rank 0's; their files are then byte for byte rank 0's.
# %% twin
_every_rank_saves = save_ddp


def save_ddp(path, ddp_model, optimizer, epochs_done):
    for group in optimizer.param_groups:
        for key in group:
            if "saved by rank" in str(key):
                group[key] = 0
    _every_rank_saves(path, ddp_model, optimizer, epochs_done)
