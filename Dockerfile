FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --no-cache-dir -e . && useradd --system --home /app zhibu
COPY . .
# collectstatic needs settings that load; the real secret comes from the environment at run time.
RUN SECRET_KEY=build-only DATABASE_URL=postgres://build@127.0.0.1:1/build python manage.py collectstatic --noinput -v0 \
    && mkdir -p /app/media && chown -R zhibu /app/media
USER zhibu

EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
