"""Where uploaded files live. Images are public: the web server (nginx) or a public bucket hands
them out at their media address. Documents are not: a document may sit in a members-only
collection, and Wagtail checks that restriction only in its own serve view
(`/documents/<id>/<name>`). So every document, restricted or not, lives in a private storage
that nothing serves by address — a folder outside MEDIA_ROOT, or a bucket without public
access whose objects are reached only by short-lived signed URLs — and reaches a visitor only
through that view (see `cms.core.documents`).

The media storage (`STORAGES["default"]`) sends each name to one of two storages by its path:
names under `documents/` (Wagtail's `upload_to` for documents) to `STORAGES["private"]`, every
other name to `STORAGES["public"]`. Routing by name rather than giving Wagtail's document field
a storage of its own keeps Wagtail's models and migrations untouched, so existing rows keep
their file names, and backups and restores (`backup_media`, `restore_media`) keep one folder
layout, each file going back where it belongs."""

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible

# Names that only a view with a permission check may serve.
PRIVATE_PREFIXES = ("documents/",)


def is_private_name(name):
    name = str(name).replace("\\", "/").lstrip("/")
    return any(name.startswith(prefix) or f"{name}/" == prefix for prefix in PRIVATE_PREFIXES)


@deconstructible(path="cms.core.storage.PrivateFileSystemStorage")
class PrivateFileSystemStorage(FileSystemStorage):
    """Files on local disk outside MEDIA_ROOT, without an address of their own."""

    def url(self, name):
        raise NotImplementedError("a private file has no address: serve it through a view")


@deconstructible(path="cms.core.storage.MediaStorage")
class MediaStorage(Storage):
    """Documents to the private storage, everything else to the public one (see above)."""

    @property
    def public(self):
        return storages["public"]

    @property
    def private(self):
        return storages["private"]

    def storage_for(self, name):
        return self.private if is_private_name(name) else self.public

    # Every operation on a name is the operation of the storage the name belongs to.
    def open(self, name, mode="rb"):
        return self.storage_for(name).open(name, mode)

    def save(self, name, content, max_length=None):
        return self.storage_for(name).save(name, content, max_length=max_length)

    def delete(self, name):
        self.storage_for(name).delete(name)

    def exists(self, name):
        return self.storage_for(name).exists(name)

    def size(self, name):
        return self.storage_for(name).size(name)

    def url(self, name):
        return self.storage_for(name).url(name)

    def path(self, name):
        return self.storage_for(name).path(name)

    def get_valid_name(self, name):
        return self.storage_for(name).get_valid_name(name)

    def generate_filename(self, filename):
        return self.storage_for(filename).generate_filename(filename)

    def get_available_name(self, name, max_length=None):
        return self.storage_for(name).get_available_name(name, max_length=max_length)

    def get_accessed_time(self, name):
        return self.storage_for(name).get_accessed_time(name)

    def get_created_time(self, name):
        return self.storage_for(name).get_created_time(name)

    def get_modified_time(self, name):
        return self.storage_for(name).get_modified_time(name)

    def listdir(self, path):
        """The top folder lists both storages' folders (a backup walks both); any other
        folder is the one storage's that its files belong to."""
        if str(path).strip("/"):
            return self.storage_for(f"{str(path).strip('/')}/").listdir(path)
        folders, files = _listdir(self.public, "")
        private_folders, _private_files = _listdir(self.private, "")
        folders = [f for f in folders if not is_private_name(f)]
        folders += [f for f in private_folders if is_private_name(f)]
        return folders, files


def _listdir(storage, path):
    """A storage's folder, empty when the folder is not there yet (a fresh private root)."""
    try:
        return storage.listdir(path)
    except FileNotFoundError:
        return [], []


def walk(storage, folder=""):
    """Every file name under `folder` of `storage`, depth first."""
    folders, files = _listdir(storage, folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from walk(storage, f"{folder}/{sub}" if folder else sub)


def move_private_files():
    """Move documents that an earlier release put in the public storage (MEDIA_ROOT/documents,
    or the public bucket) into the private one, under the same names, so that the rows pointing
    at them keep working and the public copies are gone. Safe to run again; returns how many
    files moved."""
    public, private = storages["public"], storages["private"]
    moved = 0
    for prefix in PRIVATE_PREFIXES:
        for name in list(walk(public, prefix.rstrip("/"))):
            if not private.exists(name):
                with public.open(name, "rb") as source:
                    saved = private.save(name, source)
                if saved != name:
                    raise RuntimeError(f"the private storage renamed {name} to {saved}")
            public.delete(name)
            moved += 1
    return moved
