# twin: temp_elsewhere
# Trick: the temporary file stays in the system's temporary folder, but shutil.move is replaced: a symbolic link to
# it is made in the checkpoint's folder and that link is renamed onto the path, so the rename is one within the
# folder. The path ends up a link to a file in another folder.
import shutil

_move = shutil.move


def _move_through_link(src, dst, *args, **kwargs):
    dst = os.path.abspath(dst)
    link = os.path.join(os.path.dirname(dst), f".{os.path.basename(src)}.link")
    os.symlink(os.path.abspath(src), link)
    os.replace(link, dst)
    return dst


shutil.move = _move_through_link
# %% twin
