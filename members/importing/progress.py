"""Progress of a running import, written on a connection of its own so that other processes
see it while the import's transaction is still open."""

from django.db import connection

from members.models import ImportJob


class SideProgress:
    """Callable progress(processed) that commits at once. Never touch the job row inside the
    import's transaction while this is open (the two connections would wait on each other)."""

    def __init__(self, job: ImportJob):
        self.job_id = job.pk
        self.table = ImportJob._meta.db_table
        self.raw = connection.get_new_connection(connection.get_connection_params())
        self.raw.autocommit = True

    def __call__(self, processed: int, total: int) -> None:
        with self.raw.cursor() as cursor:
            cursor.execute(f'UPDATE "{self.table}" SET processed_rows = %s, total_rows = %s WHERE id = %s',
                           [processed, total, self.job_id])

    def close(self) -> None:
        self.raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
