"""The demo plans.

Plan 196/KH-LĐLĐ of the Bến Tre federation (5 October 2020, "Truyền thông Công đoàn đến
năm 2023") entered as the document reads, with the earlier plan 169/KH-LĐLĐ in the same
register, the campaigns the Standing Committee chose from its themes in 2021–2023, their
budgets, the duties handed down from its responsibilities and a district federation's own
version; and a current plan of today's Vĩnh Long federation adopted from a national plan
of the confederation, with a campaign running and one waiting for the Standing Committee.

Every row goes through `lantoa.plans.actions`: the figures on the dashboards are computed
from channels, campaigns, budget lines and hand-entered values with evidence, never typed
as totals. The national plan and the Vĩnh Long plan are invented but follow the real
documents' form; the Vĩnh Long campaigns and events are dated relative to `today`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lantoa.cascade import actions as cascade_actions
from lantoa.cascade.models import TaskStatus, UnitTask
from lantoa.channels.models import Channel, ChannelKind, FundingSource
from lantoa.org.models import UPPER_LEVEL_KINDS, Unit, UnitKind
from lantoa.plans import actions, calendar
from lantoa.plans.models import (
    AudienceKind,
    BudgetLine,
    CalendarEvent,
    Campaign,
    KeyMessage,
    Plan,
    PlanSection,
    Responsibility,
    SectionKind,
    Target,
    Theme,
)
from lantoa.plans.rollups import rebuild_rollups
from lantoa.plans.signals import rollups_paused

from .province import BEN_TRE, CONTINUING, district_code, federation_code, key_units

D = datetime.date
TLD_NAME = "TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"
STANDING_COMMITTEE = "Ban Thường vụ LĐLĐ tỉnh"
PLAN_196_END = D(2023, 12, 31)
GROUPS_CHECK = D(2021, 3, 31)  # plan 196: the groups are "checked early 2021"
YEAR_ENDS = [D(2021, 12, 31), D(2022, 12, 31), D(2023, 12, 31)]


def report_done(task: UnitTask, *, day: D, report: str) -> UnitTask:
    """A plan's duty reported done by its unit on `day`, saying what was done."""
    return cascade_actions.do_mark(task, actor=None, status=TaskStatus.DONE, day=day, report=report)


def paragraphs(*lines: str) -> str:
    """A section body: paragraphs separated by blank lines ('- ' starts a bullet)."""
    return "\n\n".join(lines)


def next_tet(after: D) -> D:
    """The first lunar new year's day after `after`."""
    return calendar.tet(after.year) if calendar.tet(after.year) > after else calendar.tet(after.year + 1)


def aware(day: D, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


# --- Plan 196/KH-LĐLĐ, as the document reads ---------------------------------------------

BASIS_196 = (
    "Căn cứ Chương trình số 01/CTr-BCH ngày 26/8/2020 của Tổng Liên đoàn Lao động Việt Nam về đẩy mạnh "
    "công tác truyền thông Công đoàn đến năm 2023. Liên đoàn Lao động (LĐLĐ) tỉnh xây dựng kế hoạch tổ chức "
    "các hoạt động truyền thông Công đoàn đến năm 2023 với nội dung cụ thể như sau:"
)

SECTIONS_196 = (
    (
        SectionKind.OBJECTIVES,
        "I. MỤC TIÊU VÀ CHỈ TIÊU – 1. Mục tiêu chung",
        paragraphs(
            "- Thông qua báo chí, truyền thông góp phần nâng cao nhận thức của cán bộ đoàn viên công đoàn, các "
            "cấp công đoàn trong tỉnh về công tác truyền thông Công đoàn Việt Nam, xây dựng và bảo vệ hình ảnh "
            "Công đoàn Việt Nam là “tổ chức NLĐ, do NLĐ và vì NLĐ”; thúc đẩy sự ủng hộ của cả hệ thông chính "
            "trị, người sử dụng lao động (NSDLĐ) đối với Công đoàn Việt Nam và hoạt động của các cấp công đoàn.",
            "- Thông qua công tác truyền thông nhằm giới thiệu, quảng bá mạnh mẽ hoạt động thiết thực, vì người "
            "lao động của các cấp công đoàn, nhất là các hoạt động tại cơ sở xuất phát từ nhu cầu, đáp ứng "
            "nguyện vọng của đoàn viên và người lao động (NLĐ), nhằm khẳng định vị trí, vai trò của tổ chức "
            "Công đoàn trong xây dựng quan hệ lao động hài hòa, ổn định và tiến bộ trong doanh nghiệp.",
            "- Đẩy mạnh công tác truyền thông Công đoàn cần tập trung vào việc sử dụng công nghệ và kỹ thuật "
            "truyên thông gắn với tổ chức nghiên cứu xây dựng hoạt động trọng tâm, trọng điểm của các cấp công "
            "đoàn trong công tác truyền thông; đảm bảo truyền thông phải kịp thời, chính xác và rộng khắp; đa "
            "dạng về loại hình, phong phú về nội dung, nổi bật hình ảnh của tổ chức Công đoàn. Chú trọng phát "
            "triển các loại hình truyền thông mới (mạng xã hội và mạng điện thoại di động).",
            "- Tập trung các nguồn lực đầu tư cho công tác truyền thông Công đoàn, ưu tiên các hoạt động có tính "
            "lan tỏa rộng đến đoàn viên, NLĐ.",
        ),
    ),
    (
        SectionKind.TARGETS,
        "2. Chỉ tiêu",
        "Thực hiện chỉ tiêu do Tổng Liên đoàn giao, đến năm 2023 LĐLĐ tỉnh phấn đấu tổ chức ít nhất 03 chiến "
        "dịch truyền thông về các hoạt động lớn của tổ chức Công đoàn. Hình thành ít nhất 02 nhóm truyền thông "
        "của cán bộ công đoàn trên mạng xã hội (facebook; zalo, youtube, viber,...) để phổ biến, tiếp nhận, xử "
        "lý và phản hồi thông tin.",
    ),
    (
        SectionKind.AUDIENCES,
        "II. ĐỐI TƯỢNG VÀ KÊNH TRUYỀN THÔNG – 1. Đối tượng",
        "Đối tượng của chương trình đẩy mạnh công tác truyền thông Công đoàn Việt Nam đến năm 2023, gồm: cán "
        "bộ công đoàn, đoàn viên, NLĐ; các cấp ủy Đảng, chính quyền, NSDLĐ và cộng đồng xã hội; các đối tác "
        "phúc lợi với LĐLĐ các cấp, báo, đài.",
    ),
    (
        SectionKind.CHANNELS,
        "2. Kênh truyền thông",
        paragraphs(
            "Kế hoạch truyền thông tập trung vào các kênh như sau:",
            "- Kênh truyền thông báo chí trong hệ thống Công đoàn Việt Nam; Cổng thông tin điện tử của LĐLĐ tỉnh "
            "(tại địa chỉ congdoan.bentre.gov.vn); các kênh truyền thông xã hội như: facebook; zalo, youtube..;",
            "- Thông tấn xã Việt Nam trên địa bàn; báo Đồng Khởi; Đài phát thanh và Truyền hình Bến Tre và Đài "
            "truyền thanh các huyện, thành phố trong tỉnh;",
            "- Hệ thống loa truyền thanh; bảng tin, pano, áp phích ngoài trời và trong cơ quan, đơn vị doanh "
            "nghiệp có tổ chức Công đoàn;",
            "- Báo cáo viên của tổ chức Công đoàn và các ngành phối hợp; cán bộ, đoàn viên các cấp công đoàn "
            "trong tỉnh (chuyên trách và bán chuyên trách);",
            "- Người phát ngôn của cơ quan LĐLĐ tỉnh và công đoàn cấp trên trực tiếp cơ sở (thực hiện theo quy chế);",
            "- Thông qua các sự kiện: kỷ niệm các ngày lễ lớn của đất nước của tỉnh, của tổ chức Công đoàn, các "
            "sự kiện tuyên truyền khác theo chỉ đạo của lãnh đạo các cấp;",
            "- Các hoạt động tập trung của công đoàn theo kế hoạch thường xuyên như: Tết Sum vầy, Tháng công "
            "nhân, Ngày thành lập Công đoàn Việt Nam…",
        ),
    ),
    (
        SectionKind.PRINCIPLES,
        "3. Nguyên tắc truyền thông",
        paragraphs(
            "- Thống nhất nội dung truyền thông phải được đồng bộ kênh truyền thông từ Tổng LĐLĐ Việt Nam đến "
            "Công đoàn cơ sở.",
            "- Cụ thể hóa nhiệm vụ truyền thông từ bước tham mưu đến triển khai kế hoạch tổ chức hoạt động "
            "trọng tâm trên các lĩnh vực công tác công đoàn.",
            "- Bám sát thực tiễn, phổ biến nhanh, kịp thời, chính xác những thông tin tích cực; phản ánh khách "
            "quan, trung thực, người thật, việc thật trong tổ chức Công đoàn để góp phần đẩy lùi thông tin tiêu "
            "cực.",
            "- Chủ động đấu tranh bảo vệ có hiệu quả quyền, lợi ích hợp pháp, chính đáng của đoàn viên, NLĐ "
            "trên các phương tiện thông tin đại chúng của công đoàn.",
        ),
    ),
    (
        SectionKind.CONTENT,
        "III. NỘI DUNG VÀ LỘ TRÌNH TRUYỀN THÔNG – 1. Nội dung",
        "Bám sát Nghị quyết Đại hội XII Công đoàn Việt Nam, chương trình công tác hàng năm, công tác truyền "
        "thông Công đoàn Việt Nam; Nghị quyết Đại hội XI Công đoàn tỉnh Bến Tre cụ thể hóa nội dung, phản "
        "ánh thực tiễn cơ sở để làm nổi bật thông điệp “Đổi mới - Sáng tạo - Hiệu quả trong hoạt động công "
        "đoàn”. Trong đó, tập trung vào một số nội dung cụ thể như sau:",
    ),
    (
        SectionKind.CONTENT,
        "1.1. Nội dung chuyên sâu",
        paragraphs(
            "- Truyền thông sâu về vị thế của giai cấp công nhân và công đoàn trong lịch sử, trong giai đoạn "
            "hiện nay và tương lai của quốc gia - dân tộc đối với sự nghiệp xây dựng, bảo vệ, phát triển đất "
            "nước và hội nhập quốc tế; Truyền thông sâu về vai trò và kêt quả thực hiện các nhiệm vụ, chỉ tiêu "
            "thực hiện Nghị quyết Đại hội XII Công đoàn Việt Nam và góp phần vào việc phát triển kinh tế - xã "
            "hội tại địa phương.",
            "- Về vai trò, trách nhiệm của Công đoàn đại diện đoàn viên, NLĐ tham gia xây dựng Văn kiện và "
            "triển khai thực hiện Nghị quyết Đại hội Đảng các cấp và Đại hội XIII của Đảng vào thực tiễn phong "
            "trào công nhân và hoạt động Công đoàn Việt Nam; tham gia đóng góp sửa đổi, bổ sung và triển khai "
            "thực hiện Luật và chính sách liên quan đến NLĐ và Công đoàn Việt Nam.",
            "- Tham gia đàm phán, thương lượng về tiền lương, các chế độ, chính sách cho NLĐ và ký kết thỏa ước "
            "lao động tập thể (TƯLĐTT); tham gia giải quyết các tranh chấp, khiếu kiện, ngừng việc tập thể, lãn "
            "công, đình công; phản ánh kịp thời các vấn đề NLĐ quan tâm và tình trạng vi phạm pháp luật của "
            "NSDLĐ nhằm làm chuyển biến tích cực về điều kiện làm việc của NLĐ và chấp hành pháp luật của NSDLĐ.",
            "- Kịp thời thông tin, phản bác có hiệu quả các quan điểm sai trái, thù địch liên quan đến tổ chức "
            "Công đoàn Việt Nam. Thường xuyên chỉ đạo tuyên truyền Luật An ninh Quốc gia, Luật An ninh mạng gắn "
            "với triển khai Công văn 2609-CV/TU ngày 11/9/2020 của Tỉnh ủy về việc tăng cường quản lý, xử lý vi "
            "phạm trên không gian an ninh mạng.",
        ),
    ),
    (
        SectionKind.CONTENT,
        "1.2. Nội dung phổ biến, cập nhật thường xuyên",
        paragraphs(
            "- Chủ trương, đường lối của Đảng và các chính sách, pháp luật của Nhà nước liên quan trực tiếp đến "
            "quyền, lợi ích, trách nhiệm, nghĩa vụ của NLĐ, NSDLĐ.",
            "- Công tác tuyên truyền, phát triển đoàn viên, thành lập công đoàn cơ sở và hoạt động đổi mới của "
            "tổ chức Công đoàn.",
            "- Các hoạt động tham gia quản lý nhà nước về các vấn đề liên quan đến chính sách cho NLĐ và NSDLĐ; "
            "Phối hợp ngành chức năng tham gia giải quyết các tranh chấp về lao động để bảo vệ quyền, lợi ích "
            "hợp pháp của đoàn viên, NLĐ.",
            "- Các chương trình phúc lợi của tổ chức Công đoàn dành cho đoàn viên, NLĐ; các hoạt động trợ giúp "
            "đoàn viên, NLĐ có hoàn cảnh khó khăn.",
        ),
    ),
    (
        SectionKind.CONTENT,
        "1.3. Truyền thông các hoạt động nổi bật của tổ chức Công đoàn",
        paragraphs(
            "- Hoạt động Tháng công nhân; Tháng hành động về An toàn vệ sinh lao động; kỷ niệm ngày Quốc tế Lao "
            "động 1/5; các chương trình lãnh đạo các cấp ủy Đảng, chính quyền các cấp gặp gỡ, trao đổi, đối "
            "thoại định kỳ theo kế hoạch, thường xuyên và đột xuất đối với cán bộ công đoàn và NLĐ.",
            "- Các hoạt động kỷ niệm Ngày thành lập Công đoàn Việt Nam (28/7) và trao các giải thưởng, tôn vinh "
            "cán bộ công đoàn, đoàn viên, NLĐ và các hoạt động của công đoàn kỷ niệm các sự kiện trọng đại của "
            "đất nước, địa phương.",
            "- Chương trình Tết Sum vầy hàng năm và hoạt động chăm lo Tết cho đoàn viên, NLĐ của tổ chức Công đoàn.",
        ),
    ),
    (
        SectionKind.CONTENT,
        "1.4. Những việc làm mới, cách làm hay trên các lĩnh vực công tác công đoàn; những mô hình hoạt động "
        "hiệu quả của các cấp công đoàn; gương người tốt, việc tốt, điển hình trong hoạt động công đoàn, đoàn "
        "viên, NLĐ",
        paragraphs(
            "- Luôn chủ động đổi mới các hoạt động theo hướng đa dạng, phong phú thiết thực nhưng đồng thời phải "
            "phù hợp với điều kiện thực tiễn của tổ chức Công đoàn, của từng địa phương, đơn vị để kết quả thực "
            "hiện luôn đạt kết quả cao.",
            "- Phát động sâu rộng và thường xuyên các mô hình hoạt động thiết thực của các cấp công đoàn trong "
            "tỉnh, nhất là các hoạt động của CĐCS xuất phát từ nhu cầu, đáp ứng nguyện vọng của đoàn viên và NLĐ.",
            "- Đẩy mạnh phong trào thi đua, để qua đó kịp thời khen thưởng, điển hình các gương tập thể, cá nhân "
            "tiên tiến, tiêu biểu, xuất sắc trong phong trào lao động giỏi, lao động sáng tạo, nâng cao đạo đức "
            "nghề nghiệp gắn với các cuộc vận động do công đoàn tổ chức.",
        ),
    ),
    (
        SectionKind.ROADMAP,
        "2. Lộ trình truyền thông – 2.1. Truyền thông năm 2020",
        paragraphs(
            "Tiếp tục thực hiện kế hoạch 169/KH-LĐLĐ ngày 27/4/2020 của LĐLĐ tỉnh về “Truyền thông công đoàn năm "
            "2020”. Trong đó tập trung những nhiệm vụ còn lại những tháng cuối năm như:",
            "- Tổ chức các hoạt động và tuyên truyền chào mừng Đại hội Đảng bộ tỉnh lẩn thứ XI và Đại hội lần "
            "thứ XIII của Đảng.",
            "- Tùy vào ảnh hưởng của tình hình dịch bệnh Covid-19, các cấp công đoàn sẽ tổ chức các hình thức "
            "hoạt động phù hợp, trong đó quan tâm: việc đối thoại giữa cấp ủy, chính quyền với cán bộ, đoàn "
            "viên, NLĐ và NSDLĐ; công tác tuyên truyền giáo dục pháp luật đến NLĐ theo kế hoạch.",
            "- Tổ chức các hoạt động chăm lo cho đoàn viên, NLĐ bị ảnh hưởng dịch bệnh Covid-19. Chuẩn bị kế "
            "hoạch tổ chức Tết Sum vầy và chăm lo cho NLĐ dịp Nguyên đán Tân Sửu năm 2021.",
        ),
    ),
    (
        SectionKind.ROADMAP,
        "2.2. Truyền thông năm 2021 đến 2023",
        paragraphs(
            "- Thông điệp truyền thông: “Công đoàn Việt Nam: Chủ động - tích cực - sáng tạo - trách nhiệm”.",
            "- Truyền thông các nội dung phổ biến, cập nhật thường xuyên theo chương trình, kế hoạch công tác tác "
            "hàng năm và những chủ trương, chỉ đạo truyền thông mới đột xuất, cấp bách theo yêu cầu nhiệm vụ mới. "
            "Trong đó tập trung cao cho việc truyền thông chào mừng Đại hội Đảng bộ tỉnh lần thứ XI, Đại hội lần "
            "thứ XIII của Đảng và quán triệt Nghị quyết kết quả đại hội. Tập trung truyền thông công tác chuẩn bị "
            "Đại hội Công đoàn các cấp, Đại hội Công đoàn tỉnh Bến Tre lần thứ XI tiến tới Đại hội Công đoàn Việt "
            "Nam lần thứ XIII.",
            "- Hướng dẫn công đoàn cấp trên trưc tiếp cơ sở và CĐCS triển khai các hoạt động truyền thông trọng "
            "điểm, thường xuyên. Xây dựng và cung cấp các tài liệu truyền thông phù hợp đặc điểm cụ thể của địa "
            "phương, đơn vị, doanh nghiệp và nhu cầu của đoàn viên, NLĐ.",
            "- Xây dựng kế hoạch thực hiện các chỉ tiêu Tổng Liên đoàn giao về truyền thông; theo đó xây dựng kế "
            "hoạch triển khai mô hình truyền thông trên các nền tảng mạng xã hội phổ biến theo hướng dẫn của Tổng "
            "LĐLĐ Việt Nam. Các chỉ tiêu thực hiện như sau:",
            "+ 03 chiến dịch truyền thông về các hoạt động lớn của tổ chức Công đoàn gồm (Tùy từng thời điểm - "
            "Ban thường vụ LĐLĐ tỉnh sẽ chọn chủ đề phù hợp để xây dựng kế hoạch triển khai thực hiện).",
            "+ 02 nhóm truyền thông của cán bộ công đoàn trên mạng xã hội gồm facebook, zalo. Các cấp công đoàn "
            "đều có xây dựng hai nhóm trên và nội dung chủ yếu là phục vụ công tác truyền thông. Việc nầy đồng "
            "loạt thực hiện và kiểm tra vào đầu năm 2021.",
            "- Xây dựng Quy chế, cơ chế phối hợp với các cơ quan báo chí địa phương (Thông tấn xã Việt Nam đóng "
            "trên địa bàn, Báo Đồng Khởi) về tin bài tuyền thông; đổi mới việc phối hợp với Đài Truyền hình Bến "
            "Tre trong việc thực hiện các chương trình truyền hình, chương trình phát thanh, chuyên trang, chuyên "
            "mục để truyền thông về phong trào CNVCLĐ và hoạt động công đoàn.",
            "- Tiếp tục thực hiện Quyêt định sô 1669/TLĐ ngày 7/11/2019 của Đoàn Chủ tịch Tổng LĐLĐ Việt Nam về "
            "Quy chế phát ngôn và cung cấp thông tin cho báo chí.",
            "- Phối hợp với các cấp ủy, chính quyền, đoàn thể tại địa phương, tổ chức các hoạt động truyền thông "
            "trực tiếp tại địa bàn có đông công nhân, lao động. Phối hơp với các Ban chuyên môn, các cơ quan báo "
            "chí công đoàn, website, mạng xã hội của công đoàn đế tổ chức thông tin, định hướng công tác tuyên "
            "truyền tại các cuộc ngừng việc tập thể.",
            "- Có kế hoạch tuyển dụng, bố trí nhân sự có đủ năng lưc, trình độ chuyên môn về báo chí, truyền "
            "thông và tuyên truyền để thực hiện nhiệm vụ ổn định trong một thời gian nhất định. Nâng cao chất "
            "lượng tin bài, tài liệu truyền thông trên Cổng thông tin điện tử LĐLĐ tỉnh và các nhóm cộng tác "
            "viên, tuyên truyền viên được tạo lập trên facebook, zalo.",
            "- Đầu tư kinh phí từ ngân sách tích lũy của đơn vị và xã hội hóa xây dựng các pano trực quan để phục "
            "vụ công tác tuyền thông, trong đó ưu tiên đầu tư xây dựng tại các khu công nghiệp.",
        ),
    ),
)

# R9: the candidate themes among which the Standing Committee chooses, verbatim.
THEMES_196 = (
    "Vai trò vị trí của tổ chức Công đoàn Việt Nam trong tình hình mới và hội nhập.",
    "Giải pháp xây dựng tổ chức Công đoàn vững mạnh vì lợi ích NLĐ.",
    "Đẩy mạnh và đa dạng công tác tuyên truyền phổ biến, giáo dục pháp luật trong CNVCLĐ.",
    "Đảm bảo An toàn vệ sinh lao động và phòng chống cháy nổ.",
    "An toàn vệ sinh thực phẩm bữa ăn để đảm bảo sức khỏe NLĐ.",
    "Đẩy mạnh nhiệm vụ an sinh xã hội để góp phần ổn định cuộc sống cho NLĐ.",
    "Tăng cường mối liên kết cùng doanh ngiệp, xây dựng mối quan hệ hài vì lợi ích NLĐ và doanh nghiệp.",
    "Chính sách lao động Nữ và vị trí của vai trò bình đẳng giới.",
)

# (board code suffix or "" for the federation itself or None for every upper-level union, heading, duties)
RESPONSIBILITIES_196 = (
    (
        "TGNC",
        "Ban Tuyên giáo - Nữ công",
        "Hàng năm tham mưu xây dựng kế hoạch hàng năm để triển khai thực hiện trong hệ thống công đoàn các cấp. "
        "Theo dõi và phản ảnh kịp thời tiến độ thực hiện các nội dung kế hoạch để báo cáo BTV LĐLĐ tỉnh có chủ "
        "trương thực hiện theo lộ trình. Phối hợp các Ban chuyên môn LĐLĐ, các sở, ngành có liên quan về những "
        "nội dung công tác truyền thông. Theo dõi và báo cáo kết quả hàng năm về Tổng Liên đoàn theo qui định.",
    ),
    (
        "TCH",
        "Ban Tài chính",
        "Căn cứ kế hoạch, hàng năm tham mưu cho BTV LĐLĐ tỉnh dự tóan kinh phí tuyên truyền theo quy định. "
        "Hướng dẫn các cấp công đoàn dự trù kinh phí cho công tác truyền thông theo từng thời điểm.",
    ),
    (
        "VP",
        "Văn phòng",
        "Tham mưu cho BTV LĐLĐ tỉnh các việc liên quan đến việc đầu tư, quản lý, xử lý, tạo trang thông tin "
        "liên quan đến nhóm chỉ tiêu.",
    ),
    (
        "",
        "Các Ban chuyên đề khác",
        "Phối hợp với các Ban chuyên đề cung cấp các thông tin và tư vấn các yêu cầu có liên quan đến hoạt động "
        "chuyên môn. Thực hiện nhiệm vụ khác liên quan công tác truyền thông khi có sự phân công của lãnh đạo.",
    ),
    (
        None,
        "Công đoàn cấp trên trực tiếp cơ sở",
        paragraphs(
            "- Cụ thể hóa xây dựng kế hoạch tổ chức truyền thông phù hợp với điều kiện thực tế tại ngành, địa "
            "phương, cơ sở. Mỗi công đoàn cấp trên cơ sở làm đầu mối chia sẽ thông tin truyền thông công đoàn "
            "đến cán bộ, đoàn viên, CNVCLĐ trực thuộc; đồng thời theo dõi nội dung đánh giá (Qua các kênh truyền "
            "thông).",
            "- Thường xuyên nắm bắt, cung cấp và phản ánh kịp thời thông tin của đoàn viên, người lao động trên "
            "địa bàn để định hướng và có giải pháp kịp thời trong công tác truyền thông. Báo cáo kết quả thực "
            "hiện theo qui định.",
        ),
    ),
)

OTHER_BOARDS = ("TC", "CSPL", "UBKT")

RECIPIENTS_196 = "\n".join(
    (
        "TLĐ (qua Ban TG);",
        "BDV-TU;",
        "BTG-TU;",
        "UB MTTQ VN tỉnh;",
        "TT và các ban LĐLĐ tỉnh;",
        "Công đoàn cấp trên trực tiếp cơ sở;",
    )
)

SIGNATURE_BEN_TRE = {
    "signer_capacity": "TM. BAN THƯỜNG VỤ",
    "signer_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Nguyễn Thị Kim Dung",
}


# --- The national plan and Vĩnh Long's version (invented, in the documents' form) -----------

NATIONAL_SECTIONS = (
    (
        SectionKind.OBJECTIVES,
        "I. MỤC ĐÍCH, YÊU CẦU",
        paragraphs(
            "- Đẩy mạnh truyền thông về tổ chức và hoạt động của Công đoàn Việt Nam sau sắp xếp, tinh gọn tổ "
            "chức bộ máy; khẳng định Công đoàn là tổ chức đại diện, chăm lo, bảo vệ quyền và lợi ích hợp pháp, "
            "chính đáng của đoàn viên, người lao động.",
            "- Truyền thông phải kịp thời, chính xác, thống nhất từ Tổng Liên đoàn đến công đoàn cơ sở; ưu tiên "
            "các nền tảng số và mạng xã hội, nhất là các nhóm Zalo của công đoàn xã, phường, đặc khu.",
        ),
    ),
    (
        SectionKind.TARGETS,
        "II. CHỈ TIÊU",
        paragraphs(
            "- 100% công đoàn cấp xã, phường, đặc khu có nhóm Zalo của cán bộ công đoàn phục vụ công tác truyền thông.",
            "- Mỗi LĐLĐ tỉnh, thành phố tổ chức ít nhất 01 chiến dịch truyền thông mỗi năm về các hoạt động lớn "
            "của tổ chức Công đoàn.",
        ),
    ),
    (
        SectionKind.AUDIENCES,
        "III. ĐỐI TƯỢNG",
        "Cán bộ công đoàn, đoàn viên, người lao động; cấp ủy, chính quyền các cấp; người sử dụng lao động và "
        "cộng đồng xã hội.",
    ),
    (
        SectionKind.CHANNELS,
        "IV. KÊNH TRUYỀN THÔNG",
        paragraphs(
            "- Báo Lao Động, các cơ quan báo chí công đoàn, cổng thông tin điện tử của LĐLĐ các tỉnh, thành phố;",
            "- Trang Facebook, Zalo OA, nhóm Zalo, kênh YouTube và TikTok của các cấp công đoàn;",
            "- Pano, bảng tin, loa truyền thanh tại khu công nghiệp, khu chế xuất và nơi đông công nhân.",
        ),
    ),
    (
        SectionKind.ROADMAP,
        "V. LỘ TRÌNH",
        paragraphs(
            "- Năm 2025: ổn định kênh truyền thông của công đoàn xã, phường, đặc khu sau sắp xếp.",
            "- Năm 2026–2028: triển khai các chiến dịch truyền thông theo chủ đề do Ban Thường vụ các cấp lựa "
            "chọn; sơ kết giữa kỳ năm 2027, tổng kết năm 2028.",
        ),
    ),
)

NATIONAL_THEMES = (
    "Công đoàn xã, phường, đặc khu sau sắp xếp: gần dân, sát người lao động.",
    "Tuyên truyền, phổ biến pháp luật lao động, Luật Công đoàn năm 2024.",
    "Chăm lo Tết Sum vầy cho đoàn viên, người lao động.",
    "An toàn, vệ sinh lao động và phòng chống cháy nổ tại nơi làm việc.",
    "Chuyển đổi số trong hoạt động công đoàn.",
)

VINH_LONG_RECIPIENTS = "\n".join(
    (
        "TLĐ (qua Ban TG);",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy;",
        "UB MTTQ VN tỉnh;",
        "TT và các ban LĐLĐ tỉnh;",
        "Công đoàn xã, phường; CĐ các KCN tỉnh;",
    )
)


class DemoPlans:
    def __init__(self, *, today: D):
        self.today = today
        self.units = key_units()
        User = get_user_model()
        self.editor = User.objects.filter(username="tinh.tuyengiao").first()
        self.approver = User.objects.filter(username="tinh.lanhdao").first()

    # Helpers ------------------------------------------------------------------------

    @staticmethod
    def unit(code: str) -> Unit:
        return Unit.objects.get(code=code)

    def ben_tre_board(self, suffix: str) -> Unit:
        return self.unit(f"{federation_code(BEN_TRE)}-{suffix}")

    @staticmethod
    def save_target(plan: Plan, order: int, title: str, indicator: str, value, deadline: D, **fields) -> Target:
        target = Target(
            plan=plan, order=order, title=title, indicator=indicator, target_value=Decimal(value), deadline=deadline
        )
        for name, field_value in fields.items():
            setattr(target, name, field_value)
        return actions.do_save_target(target, actor=None)

    def campaign(self, plan: Plan, *, theme_index: int, budget: list[tuple[str, str, int]], actor=None, **fields):
        """Propose a campaign with its budget lines into the Standing Committee's workflow."""
        channels = fields.pop("channels", [])
        participants = fields.pop("participants", [])
        campaign = Campaign(plan=plan, theme=plan.themes.all()[theme_index], **fields)
        campaign.channels = channels
        campaign.participants = participants
        campaign.budget_lines = [
            BudgetLine(item=item, funding_source=source, estimate=Decimal(estimate))
            for item, source, estimate in budget
        ]
        return actions.do_propose_campaign(campaign, actor=actor)

    @staticmethod
    def approve(campaign: Campaign, on: D) -> Campaign:
        return actions.do_decide_campaign(campaign, actor=None, approve=True, at=aware(on, 15))

    @staticmethod
    def spend(campaign: Campaign, actuals: list[tuple[int, D]]) -> None:
        for line, (actual, spent_on) in zip(campaign.budget_lines.order_by("sort_order", "pk"), actuals, strict=True):
            actions.do_record_spending(line, actor=None, actual=Decimal(actual), spent_on=spent_on)

    # Bến Tre: plans 169 and 196 ---------------------------------------------------------

    def plan_169(self) -> Plan:
        plan = Plan(
            issuing_unit=self.units["ben_tre"],
            parent_unit_name=TLD_NAME,
            number=169,
            symbol="KH-LĐLĐ",
            place="Bến Tre",
            issued_on=D(2020, 4, 27),
            title="Truyền thông công đoàn năm 2020",
            basis="Căn cứ Chương trình công tác năm 2020 của Ban Chấp hành LĐLĐ tỉnh Bến Tre.",
            period_start=D(2020, 4, 27),
            period_end=D(2020, 12, 31),
            recipients=RECIPIENTS_196,
            archive="VP, TG-NC",
            **SIGNATURE_BEN_TRE,
        )
        plan.sections = [
            PlanSection(
                kind=SectionKind.OBJECTIVES,
                heading="I. MỤC ĐÍCH, YÊU CẦU",
                body=paragraphs(
                    "- Tuyên truyền kịp thời các hoạt động của các cấp công đoàn trong tỉnh năm 2020, nhất là "
                    "Tháng công nhân, Tháng hành động về An toàn vệ sinh lao động và chăm lo cho đoàn viên, NLĐ "
                    "bị ảnh hưởng dịch bệnh Covid-19.",
                    "- Chào mừng Đại hội Đảng bộ tỉnh lần thứ XI và Đại hội lần thứ XIII của Đảng.",
                ),
            )
        ]
        plan.key_messages = [KeyMessage(text="Đổi mới - Sáng tạo - Hiệu quả trong hoạt động công đoàn")]
        actions.do_save_plan(plan, actor=None)
        return actions.do_issue_plan(plan, actor=None)

    def plan_196(self) -> Plan:
        ben_tre = self.units["ben_tre"]
        plan = Plan(
            issuing_unit=ben_tre,
            parent_unit_name=TLD_NAME,
            number=196,
            symbol="KH-LĐLĐ",
            place="Bến Tre",
            issued_on=D(2020, 10, 5),
            title="Truyền thông Công đoàn đến năm 2023",
            basis=BASIS_196,
            period_start=D(2020, 10, 5),
            period_end=PLAN_196_END,
            recipients=RECIPIENTS_196,
            archive="VP, TG-NC",
            **SIGNATURE_BEN_TRE,
        )
        plan.sections = [PlanSection(kind=kind, heading=heading, body=body) for kind, heading, body in SECTIONS_196]
        plan.key_messages = [
            KeyMessage(
                text="Đổi mới - Sáng tạo - Hiệu quả trong hoạt động công đoàn",
                valid_from=D(2020, 10, 5),
                valid_to=D(2020, 12, 31),
            ),
            KeyMessage(
                text="Công đoàn Việt Nam: Chủ động - tích cực - sáng tạo - trách nhiệm",
                valid_from=D(2021, 1, 1),
                valid_to=PLAN_196_END,
            ),
        ]
        plan.themes = [Theme(title=title) for title in THEMES_196]
        plan.responsibilities = [
            Responsibility(unit=self._responsible_unit(suffix), heading=heading, duties=duties)
            for suffix, heading, duties in RESPONSIBILITIES_196
        ]
        actions.do_save_plan(plan, actor=None)
        return actions.do_issue_plan(plan, actor=None)

    def _responsible_unit(self, suffix: str | None) -> Unit | None:
        if suffix is None:
            return None  # every upper-level union under the federation
        return self.ben_tre_board(suffix) if suffix else self.units["ben_tre"]

    def targets_196(self, plan: Plan) -> dict[str, Target]:
        upper_kinds = sorted(
            set(
                Unit.objects.in_subtree(self.units["ben_tre"].path)
                .filter(kind__in=UPPER_LEVEL_KINDS)
                .values_list("kind", flat=True)
            )
        )
        year_ends = [d.isoformat() for d in YEAR_ENDS]
        return {
            "campaigns": self.save_target(
                plan, 1, "Tổ chức ít nhất 03 chiến dịch truyền thông về các hoạt động lớn", "campaigns_run", 3,
                PLAN_196_END, check_dates=year_ends,
            ),
            # The demo records no verification dates before 2025, so the 2021 check counts the groups
            # running then; with dated verifications this becomes the default (verified groups only).
            "groups": self.save_target(
                plan, 2, "100% công đoàn cấp trên trực tiếp cơ sở có nhóm Facebook và nhóm Zalo",
                "units_with_groups", 100, GROUPS_CHECK, check_dates=[GROUPS_CHECK.isoformat()],
                params={"unit_kinds": upper_kinds, "verified": False},
            ),
            "panels": self.save_target(
                plan, 3, "Xây dựng ít nhất 04 pano trực quan tại các khu công nghiệp", "panels_in_industrial_parks",
                4, PLAN_196_END, check_dates=year_ends,
            ),
            "budget": self.save_target(
                plan, 4, "Giải ngân ít nhất 90% dự toán kinh phí các chiến dịch", "budget_spent", 90, PLAN_196_END,
                check_dates=year_ends,
            ),
        }  # fmt: skip

    def _ben_tre_upper_units(self, on: D) -> list[Unit]:
        ben_tre = self.units["ben_tre"]
        return list(Unit.objects.open_on(on).filter(parent=ben_tre, kind__in=UPPER_LEVEL_KINDS).order_by("code"))

    def campaigns_196(self, plan: Plan) -> list[Campaign]:
        ben_tre = self.units["ben_tre"]
        channels = list(
            Channel.objects.filter(
                unit=ben_tre, kind__in=[ChannelKind.PORTAL, ChannelKind.FACEBOOK_PAGE, ChannelKind.ZALO_OA]
            ).order_by("pk")
        )
        upper = self._ben_tre_upper_units(D(2021, 4, 1))
        park = self.unit(BEN_TRE.park_union.code)
        osh = self.campaign(
            plan,
            theme_index=3,
            unit=ben_tre,
            title="Tháng Công nhân 2021: An toàn vệ sinh lao động và phòng chống cháy nổ",
            decided_by=STANDING_COMMITTEE,
            decided_on=D(2021, 3, 25),
            decision_reference="Nghị quyết số 12/NQ-LĐLĐ ngày 25/3/2021 của Ban Thường vụ LĐLĐ tỉnh",
            key_message="An toàn để lao động – lao động phải an toàn",
            objectives="Nâng cao nhận thức của NLĐ và NSDLĐ về an toàn vệ sinh lao động, phòng chống cháy nổ tại "
            "doanh nghiệp; 100% CĐCS khu công nghiệp treo băng rôn, khẩu hiệu và tổ chức tuyên truyền.",
            audiences=[AudienceKind.WORKERS, AudienceKind.MEMBERS, AudienceKind.EMPLOYERS],
            channel_kinds=[ChannelKind.FACEBOOK_PAGE, ChannelKind.ZALO_GROUP, ChannelKind.LOUDSPEAKER,
                           ChannelKind.BULLETIN_BOARD],
            start_date=D(2021, 4, 20),
            end_date=D(2021, 6, 30),
            channels=channels,
            participants=upper,
            budget=[
                ("In, treo băng rôn, khẩu hiệu tại các khu công nghiệp", FundingSource.ACCUMULATED, 28_000_000),
                ("Tập huấn ATVSLĐ, PCCN cho an toàn vệ sinh viên", FundingSource.ACCUMULATED, 45_000_000),
                ("Sản xuất video clip tuyên truyền trên Facebook, Zalo", FundingSource.SPONSORSHIP, 18_000_000),
            ],
        )  # fmt: skip
        self.approve(osh, D(2021, 4, 2))
        self.spend(osh, [(27_500_000, D(2021, 5, 10)), (43_200_000, D(2021, 6, 18)), (18_000_000, D(2021, 5, 25))])
        actions.do_close_campaign(
            osh, actor=None, closed_on=D(2021, 7, 15), people_reached=18_540,
            results="Treo 126 băng rôn tại 2 khu công nghiệp và 9 huyện, thành phố; tập huấn 312 an toàn vệ sinh "
            "viên; video clip đạt 41.000 lượt xem trên Facebook. Một số hoạt động trực tiếp tháng 6 phải chuyển "
            "sang hình thức trực tuyến do dịch Covid-19.",
        )  # fmt: skip

        meal = self.campaign(
            plan,
            theme_index=4,
            unit=ben_tre,
            title="Bữa ăn ca an toàn cho người lao động",
            decided_by=STANDING_COMMITTEE,
            decided_on=D(2022, 3, 18),
            decision_reference="Nghị quyết số 27/NQ-LĐLĐ ngày 18/3/2022 của Ban Thường vụ LĐLĐ tỉnh",
            key_message="Bữa ăn ca đủ chất – người lao động khỏe mạnh",
            objectives="Vận động doanh nghiệp nâng giá trị và chất lượng bữa ăn ca; kiểm tra an toàn thực phẩm "
            "tại bếp ăn tập thể các doanh nghiệp khu công nghiệp.",
            audiences=[AudienceKind.WORKERS, AudienceKind.EMPLOYERS, AudienceKind.OFFICIALS],
            channel_kinds=[ChannelKind.FACEBOOK_PAGE, ChannelKind.ZALO_OA, ChannelKind.PRESS],
            start_date=D(2022, 5, 1),
            end_date=D(2022, 9, 30),
            channels=channels,
            participants=[park, *[u for u in upper if u.kind == UnitKind.DISTRICT][:4]],
            budget=[
                ("Tổ chức 6 bữa cơm công đoàn tại doanh nghiệp", FundingSource.SPONSORSHIP, 60_000_000),
                ("Phóng sự trên Đài Phát thanh và Truyền hình Bến Tre", FundingSource.ACCUMULATED, 25_000_000),
                ("Tờ rơi, áp phích về an toàn thực phẩm bếp ăn tập thể", FundingSource.ACCUMULATED, 12_000_000),
            ],
        )  # fmt: skip
        self.approve(meal, D(2022, 4, 5))
        self.spend(meal, [(60_000_000, D(2022, 8, 30)), (25_000_000, D(2022, 7, 15)), (10_500_000, D(2022, 5, 20))])
        actions.do_close_campaign(
            meal, actor=None, closed_on=D(2022, 10, 20), people_reached=9_870,
            results="Tổ chức 6 bữa cơm công đoàn với 3.400 NLĐ; 14 doanh nghiệp nâng giá trị bữa ăn ca lên từ "
            "20.000 đồng trở lên; phóng sự phát 2 kỳ trên Đài Phát thanh và Truyền hình Bến Tre.",
        )  # fmt: skip

        women = self.campaign(
            plan,
            theme_index=7,
            unit=ben_tre,
            title="Đồng hành cùng lao động nữ: chính sách và bình đẳng giới",
            decided_by=STANDING_COMMITTEE,
            decided_on=D(2023, 2, 14),
            decision_reference="Nghị quyết số 41/NQ-LĐLĐ ngày 14/02/2023 của Ban Thường vụ LĐLĐ tỉnh",
            key_message="Lao động nữ được hiểu luật, được bảo vệ",
            objectives="Phổ biến chính sách đối với lao động nữ trong Bộ luật Lao động 2019; tư vấn pháp luật "
            "tại các doanh nghiệp dệt may, da giày có đông lao động nữ.",
            audiences=[AudienceKind.WORKERS, AudienceKind.MEMBERS, AudienceKind.EMPLOYERS],
            channel_kinds=[ChannelKind.FACEBOOK_PAGE, ChannelKind.ZALO_GROUP, ChannelKind.RADIO_TV],
            start_date=D(2023, 3, 1),
            end_date=D(2023, 10, 20),
            channels=channels,
            participants=upper,
            budget=[
                ("Hội thi “Nữ công nhân duyên dáng – hiểu luật”", FundingSource.SPONSORSHIP, 55_000_000),
                ("Tư vấn pháp luật lưu động tại 10 doanh nghiệp", FundingSource.ACCUMULATED, 30_000_000),
                ("Tọa đàm trên sóng phát thanh", FundingSource.ACCUMULATED, 15_000_000),
            ],
        )  # fmt: skip
        self.approve(women, D(2023, 2, 20))
        self.spend(women, [(52_000_000, D(2023, 10, 18)), (26_400_000, D(2023, 9, 29)), (15_000_000, D(2023, 6, 9))])
        actions.do_close_campaign(
            women, actor=None, closed_on=D(2023, 11, 10), people_reached=12_300,
            results="Tư vấn pháp luật cho 1.850 lao động nữ tại 10 doanh nghiệp; hội thi có 24 đội tham gia; "
            "2 tọa đàm phát thanh về chế độ thai sản và nuôi con nhỏ.",
        )  # fmt: skip

        partners = self.campaign(
            plan,
            theme_index=6,
            unit=ben_tre,
            title="Công đoàn và doanh nghiệp cùng phát triển",
            key_message="Doanh nghiệp phát triển – người lao động gắn bó",
            objectives="Tôn vinh doanh nghiệp chăm lo tốt cho NLĐ; ký kết chương trình phối hợp với Hiệp hội "
            "doanh nghiệp tỉnh.",
            audiences=[AudienceKind.EMPLOYERS, AudienceKind.PARTNERS, AudienceKind.PRESS],
            channel_kinds=[ChannelKind.PRESS, ChannelKind.FACEBOOK_PAGE],
            start_date=D(2022, 10, 1),
            end_date=D(2022, 12, 31),
            channels=channels,
            budget=[("Lễ tôn vinh doanh nghiệp tiêu biểu", FundingSource.SPONSORSHIP, 70_000_000)],
        )
        # Refused for good: the demo shows a "Bị từ chối" campaign with its reason.
        actions.do_decide_campaign(
            partners,
            actor=None,
            decision="reject",
            comment="Ban Thường vụ chưa chọn chủ đề này trong năm 2022; lồng ghép vào hoạt động Tháng Công nhân.",
        )
        return [osh, meal, women, partners]

    def duties_196(self, plan: Plan) -> None:
        """The duties plan 196 handed to its boards and upper-level unions: most done, some
        late, the unions that never ran both groups still owing theirs."""
        by_heading = {r.heading: r for r in plan.responsibilities.all()}
        self._board_tasks(by_heading)
        groups = actions.do_assign_responsibility(
            by_heading["Công đoàn cấp trên trực tiếp cơ sở"],
            actor=None,
            title="Lập nhóm Facebook và nhóm Zalo của cán bộ công đoàn, báo cáo về LĐLĐ tỉnh",
            due_on=D(2021, 2, 28),
            units=actions.responsible_units(by_heading["Công đoàn cấp trên trực tiếp cơ sở"], D(2020, 10, 15)),
        )
        for task in groups:
            opened = self._both_groups_since(task.unit)
            if opened is not None:
                report_done(
                    task,
                    day=opened + datetime.timedelta(days=3),
                    report="Đã lập nhóm Facebook và nhóm Zalo của cán bộ công đoàn; gửi đường dẫn về Văn phòng "
                    "LĐLĐ tỉnh.",
                )  # the others never reported: overdue

    @staticmethod
    def _both_groups_since(unit: Unit) -> D | None:
        """The day a unit ran both a Facebook and a Zalo group (None: it never did)."""
        firsts = []
        for kind in (ChannelKind.FACEBOOK_GROUP, ChannelKind.ZALO_GROUP):
            day = (
                Channel.objects.filter(unit=unit, kind=kind, active_from__isnull=False)
                .order_by("active_from")
                .values_list("active_from", flat=True)
                .first()
            )
            if day is None:
                return None
            firsts.append(day)
        return max(firsts)

    def _board_tasks(self, by_heading: dict[str, Responsibility]) -> None:
        tasks = (
            ("Ban Tuyên giáo - Nữ công", "Xây dựng kế hoạch truyền thông năm 2021", D(2021, 1, 15), D(2021, 1, 12)),
            ("Ban Tuyên giáo - Nữ công", "Báo cáo kết quả truyền thông năm 2021 về Tổng Liên đoàn",
             D(2021, 12, 15), D(2021, 12, 14)),
            ("Ban Tuyên giáo - Nữ công", "Báo cáo kết quả truyền thông năm 2022 về Tổng Liên đoàn",
             D(2022, 12, 15), D(2022, 12, 13)),
            ("Ban Tuyên giáo - Nữ công", "Báo cáo tổng kết Kế hoạch 196/KH-LĐLĐ về Tổng Liên đoàn",
             D(2023, 12, 15), D(2023, 12, 22)),
            ("Ban Tài chính", "Dự toán kinh phí tuyên truyền năm 2021", D(2020, 12, 31), D(2020, 12, 28)),
            ("Ban Tài chính", "Dự toán kinh phí tuyên truyền năm 2022", D(2021, 12, 31), D(2021, 12, 27)),
            ("Văn phòng", "Lập và quản lý nhóm Facebook, Zalo của LĐLĐ tỉnh", D(2021, 1, 31), D(2020, 12, 1)),
        )  # fmt: skip
        for heading, title, due_on, done_on in tasks:
            responsibility = by_heading[heading]
            for task in actions.do_assign_responsibility(responsibility, actor=None, title=title, due_on=due_on):
                report_done(task, day=done_on, report=f"Đã thực hiện: {title[:1].lower()}{title[1:]}.")
        others = [self.ben_tre_board(suffix) for suffix in OTHER_BOARDS]
        rows = actions.do_assign_responsibility(
            by_heading["Các Ban chuyên đề khác"],
            actor=None,
            title="Cung cấp tin, bài chuyên đề cho Cổng thông tin điện tử LĐLĐ tỉnh năm 2021",
            due_on=D(2021, 12, 31),
            units=others,
        )
        for task in rows[:2]:  # Ủy ban Kiểm tra's articles never came
            report_done(task, day=D(2021, 11, 30), report="Đã gửi 6 tin, bài chuyên đề cho Văn phòng.")

    def district_version(self, plan: Plan) -> Plan:
        """LĐLĐ huyện Châu Thành puts plan 196 into practice (R20)."""
        district = self.unit(district_code(BEN_TRE, next(d for d in BEN_TRE.districts if d.code == "CT")))
        own = actions.do_adopt_plan(
            plan, unit=district, actor=None, issued_on=D(2020, 10, 20), symbol="KH-LĐLĐ", place="Châu Thành"
        )
        own.number = 47
        own.title = "Truyền thông Công đoàn huyện Châu Thành đến năm 2023"
        own.recipients = "LĐLĐ tỉnh (qua Ban TG-NC);\nBTV Huyện ủy;\nCác CĐCS trực thuộc;"
        own.archive = "VP"
        own.signer_capacity, own.signer_title, own.signer_name = "TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Trần Văn Thành"
        own.sections.add(
            PlanSection(
                kind=SectionKind.RESPONSIBILITIES,
                heading="IV. TỔ CHỨC THỰC HIỆN",
                body="Các CĐCS trực thuộc lập nhóm Zalo của Ban Chấp hành, chia sẻ thông tin của LĐLĐ huyện đến "
                "đoàn viên, NLĐ; báo cáo kết quả về LĐLĐ huyện trước ngày 15/12 hằng năm.",
            )
        )
        actions.do_save_plan(own, actor=None)
        return actions.do_issue_plan(own, actor=None)

    # The confederation and today's Vĩnh Long federation ----------------------------------

    def national_plan(self) -> Plan:
        plan = Plan(
            issuing_unit=self.units["confederation"],
            number=95,
            symbol="KH-TLĐ",
            place="Hà Nội",
            issued_on=min(D(2025, 8, 15), self.today),
            title="Truyền thông Công đoàn giai đoạn 2025–2028",
            basis="Căn cứ Nghị quyết Đại hội XIII Công đoàn Việt Nam, nhiệm kỳ 2023–2028; Luật Công đoàn năm "
            "2024; Kết luận của Bộ Chính trị về sắp xếp tổ chức bộ máy của Mặt trận Tổ quốc và các đoàn thể.",
            period_start=D(2025, 8, 15),
            period_end=D(2028, 12, 31),
            recipients="Các LĐLĐ tỉnh, thành phố;\nCác công đoàn ngành trung ương và tương đương;\nCác ban TLĐ;",
            archive="VT, TG",
            signer_capacity="TM. ĐOÀN CHỦ TỊCH",
            signer_title="PHÓ CHỦ TỊCH",
            signer_name="Trần Thanh Hải",
        )
        plan.sections = [PlanSection(kind=kind, heading=head, body=body) for kind, head, body in NATIONAL_SECTIONS]
        plan.key_messages = [KeyMessage(text="Công đoàn Việt Nam đồng hành cùng người lao động trong kỷ nguyên mới")]
        plan.themes = [Theme(title=title) for title in NATIONAL_THEMES]
        actions.do_save_plan(plan, actor=None)
        return actions.do_issue_plan(plan, actor=None)

    def vinh_long_plan(self, national: Plan) -> Plan:
        vinh_long = self.units["vinh_long"]
        issued = min(D(2025, 9, 22), self.today)
        plan = actions.do_adopt_plan(
            national, unit=vinh_long, actor=self.editor, issued_on=issued, symbol="KH-LĐLĐ", place="Vĩnh Long"
        )
        plan.title = "Truyền thông Công đoàn tỉnh Vĩnh Long giai đoạn 2025–2028"
        plan.number = 58
        plan.recipients = VINH_LONG_RECIPIENTS
        plan.archive = "VP, TG-NC"
        plan.signer_capacity, plan.signer_title, plan.signer_name = "TM. BAN THƯỜNG VỤ", "PHÓ CHỦ TỊCH", "Trần Văn Minh"
        plan.basis += (
            " Căn cứ tình hình thực tế sau sắp xếp ngày 01/7/2025, LĐLĐ tỉnh Vĩnh Long xây dựng kế hoạch như sau:"
        )
        plan.responsibilities = [
            Responsibility(
                unit=self.unit(f"{federation_code(CONTINUING)}-TGNC"),
                heading="Ban Tuyên giáo - Nữ công",
                duties="Tham mưu kế hoạch hằng năm; theo dõi các chỉ tiêu; báo cáo Ban Thường vụ hằng quý.",
            ),
            Responsibility(
                unit=self.unit(f"{federation_code(CONTINUING)}-VP"),
                heading="Văn phòng",
                duties="Kiểm tra, xác minh nhóm Zalo của công đoàn xã, phường; quản lý Cổng thông tin điện tử.",
            ),
            Responsibility(
                unit=None,
                heading="Công đoàn xã, phường và Công đoàn các Khu công nghiệp tỉnh",
                duties="Lập nhóm Zalo của cán bộ công đoàn; chia sẻ thông tin của LĐLĐ tỉnh đến đoàn viên, NLĐ.",
            ),
        ]
        actions.do_save_plan(plan, actor=self.editor)
        return actions.do_issue_plan(plan, actor=self.editor)

    def targets_vinh_long(self, plan: Plan) -> dict[str, Target]:
        checks = [D(2025, 12, 31), D(2026, 6, 30), D(2026, 12, 31), D(2027, 6, 30)]
        ends = [D(2025, 12, 31), D(2026, 12, 31), D(2027, 12, 31), D(2028, 12, 31)]
        return {
            "groups": self.save_target(
                plan, 1, "100% công đoàn xã, phường có nhóm Zalo của cán bộ công đoàn", "units_with_groups", 100,
                D(2027, 6, 30), check_dates=[d.isoformat() for d in checks],
                params={"unit_kinds": [UnitKind.COMMUNE], "required_kinds": [ChannelKind.ZALO_GROUP]},
            ),
            "campaigns": self.save_target(
                plan, 2, "Tổ chức ít nhất 01 chiến dịch truyền thông mỗi năm", "campaigns_run", 4, D(2028, 12, 31),
                check_dates=[d.isoformat() for d in ends],
            ),
            "reach": self.save_target(
                plan, 3, "Tiếp cận 60.000 thành viên, người theo dõi trên các kênh của công đoàn", "reach", 60_000,
                D(2027, 12, 31), check_dates=[d.isoformat() for d in ends[:3]],
            ),
            "budget": self.save_target(
                plan, 4, "Giải ngân ít nhất 90% dự toán kinh phí các chiến dịch", "budget_spent", 90,
                D(2028, 12, 31), check_dates=[d.isoformat() for d in ends],
            ),
            "panels": self.save_target(
                plan, 5, "Ít nhất 06 pano tuyên truyền tại các khu công nghiệp", "panels_in_industrial_parks", 6,
                D(2027, 12, 31), check_dates=[d.isoformat() for d in ends[:3]],
            ),
            # Counted from the portal's published articles (lantoa.content.indicators), loaded after
            # the plans by lantoa.demo.content, which recomputes this target's rollups.
            "articles": self.save_target(
                plan, 6, "Đăng ít nhất 150 tin, bài trên Cổng thông tin điện tử LĐLĐ tỉnh", "articles_published", 150,
                D(2027, 12, 31), check_dates=[d.isoformat() for d in ends[:3]],
            ),
            "dialogues": self.save_target(
                plan, 7, "Tổ chức ít nhất 40 buổi tuyên truyền, đối thoại trực tiếp tại doanh nghiệp", "manual", 40,
                D(2027, 12, 31), check_dates=[d.isoformat() for d in ends[:3]],
            ),
        }  # fmt: skip

    def dialogues_vinh_long(self, target: Target) -> None:
        """Quarterly counts of the sessions held at enterprises, entered by the editor with their evidence."""
        for day, value, evidence in (
            (D(2025, 12, 31), 6, "Báo cáo số 12/BC-LĐLĐ ngày 31/12/2025 về công tác tuyên giáo quý IV năm 2025"),
            (D(2026, 3, 31), 11, "Báo cáo số 31/BC-LĐLĐ ngày 31/3/2026; danh sách buổi tuyên truyền kèm theo"),
            (D(2026, 6, 30), 19, "Báo cáo số 57/BC-LĐLĐ ngày 30/6/2026 sơ kết công tác 6 tháng đầu năm 2026"),
            (D(2026, 9, 30), 24, "Báo cáo số 84/BC-LĐLĐ ngày 30/9/2026; danh sách buổi tuyên truyền kèm theo"),
        ):
            if day <= self.today:
                actions.do_record_manual_value(
                    target, actor=self.editor, on_date=day, value=Decimal(value), evidence=evidence
                )

    def campaigns_vinh_long(self, plan: Plan) -> list[Campaign]:
        vinh_long = self.units["vinh_long"]
        communes = list(Unit.objects.current().filter(parent=vinh_long, kind=UnitKind.COMMUNE).order_by("code"))
        channels = list(
            Channel.objects.filter(
                unit=vinh_long, kind__in=[ChannelKind.PORTAL, ChannelKind.FACEBOOK_PAGE, ChannelKind.ZALO_OA]
            ).order_by("pk")
        )
        start = self.today - datetime.timedelta(days=25)
        running = self.campaign(
            plan,
            theme_index=0,
            actor=self.editor,
            unit=vinh_long,
            title="Công đoàn xã, phường mới: gần dân, sát người lao động",
            decided_by=STANDING_COMMITTEE,
            decided_on=start - datetime.timedelta(days=20),
            decision_reference="Nghị quyết số 09/NQ-LĐLĐ của Ban Thường vụ LĐLĐ tỉnh Vĩnh Long",
            key_message="Công đoàn xã, phường – nơi người lao động tìm đến",
            objectives="Giới thiệu công đoàn xã, phường sau sắp xếp, địa chỉ, số điện thoại và nhóm Zalo của "
            "cán bộ công đoàn đến đoàn viên, NLĐ các doanh nghiệp.",
            audiences=[AudienceKind.MEMBERS, AudienceKind.WORKERS, AudienceKind.OFFICIALS],
            channel_kinds=[ChannelKind.ZALO_GROUP, ChannelKind.FACEBOOK_PAGE, ChannelKind.BULLETIN_BOARD],
            start_date=start,
            end_date=self.today + datetime.timedelta(days=35),
            channels=channels,
            participants=communes[:12],
            budget=[
                ("In tờ gấp giới thiệu công đoàn xã, phường", FundingSource.ACCUMULATED, 24_000_000),
                ("Video giới thiệu trên Facebook và Zalo OA", FundingSource.ACCUMULATED, 15_000_000),
                ("Hội nghị đối thoại tại khu công nghiệp Hòa Phú", FundingSource.SPONSORSHIP, 30_000_000),
            ],
        )  # fmt: skip
        self.approve(running, start - datetime.timedelta(days=14))
        lines = list(running.budget_lines.order_by("sort_order", "pk"))
        actions.do_record_spending(
            lines[0], actor=None, actual=Decimal(23_100_000), spent_on=start + datetime.timedelta(days=5)
        )
        actions.do_record_spending(
            lines[1], actor=None, actual=Decimal(15_000_000), spent_on=start + datetime.timedelta(days=12)
        )

        tet = next_tet(self.today + datetime.timedelta(days=45))
        waiting = self.campaign(
            plan,
            theme_index=2,
            actor=self.editor,
            unit=vinh_long,
            title=f"Tết Sum vầy {tet.year}: chăm lo Tết cho đoàn viên, người lao động",
            key_message="Tết Sum vầy – không để đoàn viên, người lao động nào không có Tết",
            objectives="Tuyên truyền chương trình Tết Sum vầy, Chuyến xe Công đoàn đưa công nhân về quê đón Tết; "
            "vận động doanh nghiệp thưởng Tết, hỗ trợ NLĐ khó khăn.",
            audiences=[AudienceKind.WORKERS, AudienceKind.MEMBERS, AudienceKind.EMPLOYERS, AudienceKind.COMMUNITY],
            channel_kinds=[ChannelKind.FACEBOOK_PAGE, ChannelKind.ZALO_OA, ChannelKind.ZALO_GROUP,
                           ChannelKind.RADIO_TV],
            start_date=tet - datetime.timedelta(days=40),
            end_date=tet + datetime.timedelta(days=10),
            channels=channels,
            participants=communes,
            budget=[
                ("Chương trình Tết Sum vầy tại khu công nghiệp", FundingSource.SPONSORSHIP, 80_000_000),
                ("Chuyến xe Công đoàn đưa công nhân về quê", FundingSource.ACCUMULATED, 45_000_000),
                ("Phóng sự trên Đài Phát thanh và Truyền hình Vĩnh Long", FundingSource.ACCUMULATED, 20_000_000),
            ],
        )  # fmt: skip
        return [running, waiting]  # `waiting` stays in the workflow for the Standing Committee (tinh.lanhdao)

    def duties_vinh_long(self, plan: Plan) -> None:
        """Today's duties of the Vĩnh Long plan: a report due soon, a check done, and the
        communes still without a Zalo group late on theirs."""
        by_heading = {r.heading: r for r in plan.responsibilities.all()}
        (report,) = actions.do_assign_responsibility(
            by_heading["Ban Tuyên giáo - Nữ công"],
            actor=None,
            title="Báo cáo quý về tiến độ các chỉ tiêu truyền thông",
            due_on=self.today + datetime.timedelta(days=12),
        )
        (check,) = actions.do_assign_responsibility(
            by_heading["Văn phòng"],
            actor=None,
            title="Kiểm tra, xác minh nhóm Zalo của công đoàn xã, phường",
            due_on=self.today - datetime.timedelta(days=10),
        )
        report_done(
            check,
            day=self.today - datetime.timedelta(days=12),
            report="Đã kiểm tra nhóm Zalo của các công đoàn xã, phường; xác minh các nhóm đang hoạt động đúng quy chế.",
        )
        communes = list(
            Unit.objects.current().filter(parent=self.units["vinh_long"], kind=UnitKind.COMMUNE).order_by("code")
        )
        actions.do_assign_responsibility(
            by_heading["Công đoàn xã, phường và Công đoàn các Khu công nghiệp tỉnh"],
            actor=None,
            title="Lập nhóm Zalo của cán bộ công đoàn xã, phường",
            due_on=self.today - datetime.timedelta(days=30),
            units=[u for u in communes if not Channel.objects.filter(unit=u, kind=ChannelKind.ZALO_GROUP).exists()],
        )  # overdue: the communes still without a group

    def calendar_vinh_long(self) -> list[CalendarEvent]:
        vinh_long = self.units["vinh_long"]
        events = [
            CalendarEvent(
                unit=vinh_long,
                title="Hội nghị đối thoại giữa Chủ tịch UBND tỉnh với công nhân, lao động",
                start=self.today + datetime.timedelta(days=18),
                lead_days=21,
                note="Phối hợp Sở Nội vụ; mời đại diện 40 doanh nghiệp khu công nghiệp.",
            ),
            CalendarEvent(
                unit=vinh_long,
                title="Hội nghị tổng kết công tác công đoàn năm và triển khai nhiệm vụ năm mới",
                start=self.today + datetime.timedelta(days=33),
                lead_days=14,
            ),
            CalendarEvent(
                unit=vinh_long,
                title="Đại hội Công đoàn tỉnh Vĩnh Long lần thứ I, nhiệm kỳ 2025–2030",
                start=self.today + datetime.timedelta(days=75),
                end=self.today + datetime.timedelta(days=76),
                lead_days=45,
                note="Truyền thông trước, trong và sau Đại hội trên các kênh của LĐLĐ tỉnh và công đoàn xã, phường.",
            ),
            CalendarEvent(
                unit=vinh_long,
                title="Tập huấn nghiệp vụ truyền thông cho cán bộ công đoàn xã, phường",
                start=self.today - datetime.timedelta(days=40),
                end=self.today - datetime.timedelta(days=39),
                lead_days=7,
            ),
        ]
        for event in events:
            event.full_clean()
            event.save()
        return events

    # ------------------------------------------------------------------------------

    def run(self) -> dict:
        plan_169 = self.plan_169()
        plan_196 = self.plan_196()
        targets_196 = self.targets_196(plan_196)
        campaigns_196 = self.campaigns_196(plan_196)
        self.duties_196(plan_196)
        district_plan = self.district_version(plan_196)
        national = self.national_plan()
        vinh_long = self.vinh_long_plan(national)
        targets_vinh_long = self.targets_vinh_long(vinh_long)
        self.dialogues_vinh_long(targets_vinh_long["dialogues"])
        campaigns_vinh_long = self.campaigns_vinh_long(vinh_long)
        self.duties_vinh_long(vinh_long)
        events = self.calendar_vinh_long()
        return {
            "plan_169": plan_169,
            "plan_196": plan_196,
            "targets_196": targets_196,
            "campaigns_196": campaigns_196,
            "district_plan": district_plan,
            "national_plan": national,
            "vinh_long_plan": vinh_long,
            "targets_vinh_long": targets_vinh_long,
            "campaigns_vinh_long": campaigns_vinh_long,
            "events": events,
        }


def load_demo_plans(*, today: D) -> dict:
    """Enter the demo plans over the loaded demo province (`load_demo_province` first) and
    compute every rollup from the rows; returns the plans, targets and campaigns."""
    actions.ensure_campaign_workflow()
    with transaction.atomic(), rollups_paused():
        loaded = DemoPlans(today=today).run()
        rebuild_rollups(today=today)
    return loaded
