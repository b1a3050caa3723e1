import factory

from claims.models import Article
from claims.services import sha256_hex


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    text = factory.Sequence(lambda n: f"The minister said that {n} schools would reopen on Monday.")
    text_hash = factory.LazyAttribute(lambda a: sha256_hex(a.text))
    status = Article.Status.DONE
