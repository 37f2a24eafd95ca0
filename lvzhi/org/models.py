"""The organization of a CPPCC committee: the committee tree, terms, sectors, special committees, the
persons who serve in them as members (委员) through term memberships, and the office staff."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Self, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from lvzhi.core import crypto
from lvzhi.core.chinese import name_sort_keys
from lvzhi.core.codes import CPC_CODES, MOBILE_RE, Ethnicity, Gender, Political
from lvzhi.core.idnumber import id_number_birth, id_number_gender
from lvzhi.core.masking import mask_id_number, mask_phone
from lvzhi.core.models import CommitteeScoped, CommitteeScopedQuerySet, Versioned
from lvzhi.core.scope import scope_of
from lvzhi.core.yearmonth import format_year_month
from lvzhi.org.choices import Level, MembershipEnd, Position
from lvzhi.org.numerals import chinese_number


class CommitteeQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        """The committees a user reads (their own and, for reading roles, the subtree below), plus any
        committee in which they hold a role at all (a 委员 sees their own committee's name)."""
        scope = scope_of(user)
        if not scope.roles:
            return self.none()
        return self.filter(scope.committees_q() | Q(pk__in=list(scope.roles)))

    def subtree(self, committee: Committee) -> Self:
        return self.filter(path__startswith=committee.path)


class Committee(models.Model):
    """政协: a CPPCC committee at one level, in a tree (全国 → 省 → 市 → 县区).

    ``path`` is the materialized path of codes (``/shaanxi/shangluo/shangzhou/``), so a subtree is one
    indexed prefix match at any depth. Codes never change once given, so paths stay valid.
    """

    code = models.SlugField(max_length=40, unique=True, verbose_name=_("代码"))
    name = models.CharField(max_length=100, verbose_name=_("名称"))
    level = models.CharField(
        max_length=10, choices=Level.choices, default=Level.COUNTY, verbose_name=_("级别")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级政协"),
    )
    path = models.CharField(max_length=255, unique=True, editable=False)

    objects = CommitteeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["path"]
        verbose_name = _("政协")
        verbose_name_plural = _("政协")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.path = self.compute_path()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("org:members", kwargs={"committee": self.code})

    def compute_path(self) -> str:
        return f"{self.parent.path if self.parent else '/'}{self.code}/"

    def clean(self) -> None:
        if self.parent_id and self.pk and self.parent and self.parent.path.startswith(self.path):
            raise ValidationError({"parent": _("上级政协不能是本级或其下级。")})


class TermQuerySet(CommitteeScopedQuerySet):
    def in_force(self, committee: Committee, on: date) -> Term | None:
        """The term in force on a date: the latest that had started by then."""
        return cast(
            "Term | None", self.filter(committee=committee, start__lte=on).order_by("-start", "-pk").first()
        )

    def in_force_ids(self, committees: Iterable[Committee], on: date) -> dict[int, int]:
        """``in_force`` for many committees in one query: committee id -> id of its term in force."""
        rows = (
            self.filter(committee_id__in=[c.pk for c in committees], start__lte=on)
            .order_by("committee_id", "start", "pk")
            .values_list("committee_id", "pk")
        )
        return dict(rows)  # the last row of each committee wins: its latest start (then highest id)


class Term(CommitteeScoped):
    """届: a committee's term (usually five years)."""

    number = models.PositiveSmallIntegerField(verbose_name=_("届次"))
    start = models.DateField(verbose_name=_("开始日期"))
    end = models.DateField(null=True, blank=True, verbose_name=_("结束日期"))

    objects = TermQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "-start"]
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        constraints = [
            models.UniqueConstraint(fields=["committee", "number"], name="term_unique_number"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _("第%(n)s届") % {"n": chinese_number(self.number)}

    def clean(self) -> None:
        if self.end and self.end < self.start:
            raise ValidationError({"end": _("结束日期不能早于开始日期。")})


class Sector(CommitteeScoped):
    """界别: seeded per committee from the national list, editable."""

    code = models.CharField(max_length=10, blank=True, verbose_name=_("代码"))
    NAME_MAX_LENGTH = 60
    name = models.CharField(max_length=NAME_MAX_LENGTH, verbose_name=_("名称"))
    short_name = models.CharField(max_length=30, blank=True, verbose_name=_("简称"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("排序"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "order", "id"]
        verbose_name = _("界别")
        verbose_name_plural = _("界别")
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="sector_unique_name")]

    def __str__(self) -> str:
        return self.short_name or self.name


class SpecialCommittee(CommitteeScoped):
    """专委会: a special committee of the CPPCC."""

    NAME_MAX_LENGTH = 60
    name = models.CharField(max_length=NAME_MAX_LENGTH, verbose_name=_("名称"))
    short_name = models.CharField(max_length=30, blank=True, verbose_name=_("简称"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("排序"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "order", "id"]
        verbose_name = _("专委会")
        verbose_name_plural = _("专委会")
        constraints = [
            models.UniqueConstraint(fields=["committee", "name"], name="special_committee_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:special_committees", kwargs={"committee": self.committee.code})


class Unit(CommitteeScoped):
    """承办单位: a party, government or other unit that suggestions and proposals are sent to.

    Handling units log in with the 承办单位 role tied to their unit and see only what is assigned to it.
    """

    class Kind(models.TextChoices):
        PARTY = "party", _("党委部门")
        GOVERNMENT = "government", _("政府部门")
        PEOPLES = "peoples", _("人民团体")
        INSTITUTION = "institution", _("事业单位")
        ENTERPRISE = "enterprise", _("企业")
        TOWNSHIP = "township", _("镇办")
        OTHER = "other", _("其他")

    NAME_MAX_LENGTH = 80
    name = models.CharField(max_length=NAME_MAX_LENGTH, verbose_name=_("单位名称"))
    kind = models.CharField(
        max_length=12, choices=Kind.choices, default=Kind.GOVERNMENT, verbose_name=_("类别")
    )
    active = models.BooleanField(default=True, verbose_name=_("在用"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("排序"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "order", "name", "id"]
        verbose_name = _("承办单位")
        verbose_name_plural = _("承办单位")
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="unit_unique_name")]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(CommitteeScopedQuerySet):
    owner_lookup = "pk"

    def with_id_number(self, committee: Committee, id_number: str) -> Self:
        return self.filter(committee=committee, id_number_digest=crypto.lookup_digest(id_number))

    def official_order(self) -> Self:
        return self.order_by("stroke_key", "pk")


class Person(CommitteeScoped, Versioned):
    """A person known to the committee: a member in one or more terms, a staff member, or both.

    The ID number is stored encrypted (``crypto``) and found by its keyed hash; it is set and read
    through the ``id_number`` property, never stored in clear.
    """

    name = models.CharField(max_length=50, verbose_name=_("姓名"))
    gender = models.CharField(max_length=1, choices=Gender.choices, verbose_name=_("性别"))
    ethnicity = models.CharField(max_length=2, choices=Ethnicity.choices, blank=True, verbose_name=_("民族"))
    birth_month = models.DateField(null=True, blank=True, verbose_name=_("出生年月"))
    political = models.CharField(max_length=2, choices=Political.choices, verbose_name=_("政治面貌"))
    mobile = models.CharField(max_length=20, blank=True, verbose_name=_("手机号码"))
    id_number_encrypted = models.TextField(blank=True, editable=False)
    id_number_digest = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    stroke_key = models.CharField(max_length=200, editable=False, db_index=True)
    pinyin_key = models.CharField(max_length=200, editable=False)

    objects = PersonQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords(excluded_fields=["stroke_key", "pinyin_key"])

    class Meta:
        ordering = ["stroke_key", "id"]
        verbose_name = _("人员")
        verbose_name_plural = _("人员")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "id_number_digest"],
                condition=~Q(id_number_digest=""),
                name="person_unique_id_number",
            )
        ]
        indexes = [models.Index(fields=["committee", "stroke_key"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("org:member_detail", kwargs={"committee": self.committee.code, "pk": self.pk})

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted)

    @id_number.setter
    def id_number(self, value: str) -> None:
        self.id_number_encrypted = crypto.encrypt(value)
        self.id_number_digest = crypto.lookup_digest(value)

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def mobile_masked(self) -> str:
        return mask_phone(self.mobile)

    @property
    def is_cpc(self) -> bool:
        return self.political in CPC_CODES

    def clean(self) -> None:
        """What every path (form, API, import) must agree on: a mobile number's form, and the birth
        month and gender an ID number carries."""
        errors: dict[str, Any] = {}
        if self.mobile and not MOBILE_RE.match(self.mobile):
            errors["mobile"] = _("请填写有效的11位手机号码。")
        id_number = self.id_number
        if id_number:
            birth = id_number_birth(id_number).replace(day=1)
            if self.birth_month is None:
                self.birth_month = birth
            elif self.birth_month.replace(day=1) != birth:
                errors["birth_month"] = _("与身份证号中的出生年月（%s）不一致。") % format_year_month(birth)
            if self.gender and self.gender != id_number_gender(id_number):
                errors["gender"] = _("与身份证号中的性别不一致。")
        if errors:
            raise ValidationError(errors)

    def refresh_sort_keys(self) -> None:
        """The one place sort keys are derived; save() and the bulk paths both call it."""
        self.stroke_key, self.pinyin_key = name_sort_keys(self.name)

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_sort_keys()
        super().save(*args, **kwargs)


class TermMembershipQuerySet(CommitteeScopedQuerySet):
    owner_lookup = "person_id"

    def active_on(self, on: date) -> Self:
        """Members serving on a date: their membership had started and had not ended."""
        return self.filter(start__lte=on).filter(Q(end__isnull=True) | Q(end__gte=on))

    def of_term_in_force(self, committee: Committee, on: date) -> Self:
        """Memberships of the term in force on a date, ended or not: the ones that may still be edited;
        a closed term's are its archive."""
        term = Term.objects.in_force(committee, on)
        return self.filter(committee=committee, term=term) if term is not None else self.none()

    def current(self, committee: Committee, on: date) -> Self:
        """The members of the term in force on a date, serving on that date."""
        term = Term.objects.in_force(committee, on)
        if term is None:
            return self.none()
        return self.filter(committee=committee, term=term).active_on(on)

    def current_many(self, committees: Iterable[Committee], on: date) -> Self:
        """``current`` for many committees at once: each one's members of its term in force."""
        terms = Term.objects.in_force_ids(committees, on)
        return self.filter(committee_id__in=list(terms), term_id__in=list(terms.values())).active_on(on)

    def official_order(self) -> Self:
        return self.order_by("person__stroke_key", "person_id")


class TermMembership(CommitteeScoped, Versioned):
    """A person serving as a member (委员) in one term: sector, special committee, 职务, dates.

    The same person serves several terms through several memberships, so a new term (换届) leaves the
    old term's memberships, and everything hung on them, as they were.
    """

    term = models.ForeignKey(
        Term, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("届次")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("委员")
    )
    sector = models.ForeignKey(
        Sector,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("界别"),
    )
    special_committee = models.ForeignKey(
        SpecialCommittee,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("专委会"),
    )
    position = models.CharField(
        max_length=20, choices=Position.choices, default=Position.MEMBER, verbose_name=_("政协职务")
    )
    workplace = models.CharField(max_length=200, blank=True, verbose_name=_("工作单位及职务"))
    start = models.DateField(verbose_name=_("任职开始"))
    end = models.DateField(null=True, blank=True, verbose_name=_("任职结束"))
    end_reason = models.CharField(
        max_length=12, choices=MembershipEnd.choices, blank=True, verbose_name=_("离任原因")
    )

    objects = TermMembershipQuerySet.as_manager()  # type: ignore[misc]
    history = HistoricalRecords()

    class Meta:
        ordering = ["term", "id"]
        verbose_name = _("委员")
        verbose_name_plural = _("委员")
        constraints = [
            models.UniqueConstraint(fields=["committee", "term", "person"], name="membership_unique_person"),
        ]
        indexes = [models.Index(fields=["committee", "term", "start"])]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.term.name}）"

    def get_absolute_url(self) -> str:
        return self.person.get_absolute_url()

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        for field in ("term", "person", "sector", "special_committee"):
            related = getattr(self, field, None) if getattr(self, f"{field}_id") else None
            if related is not None and related.committee_id != self.committee_id:
                errors[field] = _("不属于本政协。")
        if self.end and self.start and self.end < self.start:
            errors["end"] = _("任职结束不能早于任职开始。")
        if self.end and not self.end_reason:
            errors["end_reason"] = _("请填写离任原因。")
        if errors:
            raise ValidationError(errors)


class Staff(CommitteeScoped):
    """机关干部: a person working in the committee's office."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="staff_posts", verbose_name=_("人员")
    )
    department = models.CharField(max_length=60, blank=True, verbose_name=_("部门"))
    post = models.CharField(max_length=60, blank=True, verbose_name=_("职务"))
    active = models.BooleanField(default=True, verbose_name=_("在岗"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "department", "id"]
        verbose_name = _("机关干部")
        verbose_name_plural = _("机关干部")
        constraints = [models.UniqueConstraint(fields=["committee", "person"], name="staff_unique_person")]

    def __str__(self) -> str:
        return f"{self.person.name}（{self.department}{self.post}）"
