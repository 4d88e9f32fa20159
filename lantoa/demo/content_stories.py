"""The demo portal's texts: themes with their illustrations and shared paragraphs, and
the articles of the Vĩnh Long federation and its units (`lantoa.demo.content` loads them).

Names of people are invented; the laws, programmes and days named are real. Texts may
hold placeholders filled at load time: {province}, {commune}, {grassroots}, {park} (the
demo's units), {y} (the year of the article's day), {age} (years since 28/7/1929),
{next_tet} (the year of the coming lunar new year).
"""

from __future__ import annotations

from dataclasses import dataclass

from lantoa.content.groups import ContentGroup
from lantoa.plans.models import AudienceKind

IN_DEPTH, REGULAR, HIGHLIGHT = ContentGroup.IN_DEPTH, ContentGroup.REGULAR, ContentGroup.HIGHLIGHT
GOOD_PRACTICE, NEWS = ContentGroup.GOOD_PRACTICE, ContentGroup.NEWS

# Where an article stands (lantoa.demo.content gets it there).
PUBLISHED = "published"
DRAFT = "draft"
AT_BOARD_HEAD = "at_board_head"
AT_LEADER = "at_leader"
AT_SPOKESPERSON = "at_spokesperson"
SENT_BACK = "sent_back"
REJECTED = "rejected"
SCHEDULED = "scheduled"

# The people quoted.
CHU_TICH = "Ông Đặng Quốc Thắng, Chủ tịch LĐLĐ tỉnh Vĩnh Long"
PHO_CHU_TICH = "Ông Trần Văn Minh, Phó Chủ tịch LĐLĐ tỉnh Vĩnh Long"
TRUONG_BAN = "Bà Lâm Thị Bích Thủy, Trưởng Ban Tuyên giáo - Nữ công LĐLĐ tỉnh"
CHINH_SACH = "Bà Ngô Thị Thanh Trúc, Trưởng Ban Chính sách - Pháp luật LĐLĐ tỉnh"
TO_CHUC = "Ông Phan Minh Đức, Trưởng Ban Tổ chức - Kiểm tra LĐLĐ tỉnh"
VAN_PHONG = "Ông Lê Hoàng Phúc, Chánh Văn phòng LĐLĐ tỉnh"
CAP_TREN = "Ông Võ Thanh Tùng, Chủ tịch {commune}"
CO_SO = "Bà Huỳnh Thị Mỹ Duyên, Chủ tịch {grassroots}"
KCN = "Ông Nguyễn Hữu Lộc, Chủ tịch {park}"
CONG_NHAN = "Chị Trần Thị Kim Yến, công nhân Khu công nghiệp Hòa Phú"
CONG_NHAN_2 = "Anh Lý Văn Sang, công nhân Khu công nghiệp Bình Minh"
DOANH_NGHIEP = "Ông Trương Công Bình, Giám đốc nhân sự Công ty TNHH Giày da Hòa Phú"
SO_NOI_VU = "Ông Huỳnh Văn Nghĩa, Phó Giám đốc Sở Nội vụ tỉnh Vĩnh Long"

WORKERS = [AudienceKind.WORKERS, AudienceKind.MEMBERS]
OFFICIALS = [AudienceKind.OFFICIALS, AudienceKind.MEMBERS]
EVERYONE = [AudienceKind.WORKERS, AudienceKind.MEMBERS, AudienceKind.EMPLOYERS, AudienceKind.COMMUNITY]


@dataclass(frozen=True)
class Theme:
    caption: str  # written on the illustration
    title: str  # the image's title in the library
    alt: str  # what the illustration shows, for those who cannot see it
    colours: tuple[str, str, str]  # gradient top, gradient bottom, shapes
    paragraphs: tuple[str, ...]


THEMES = {
    "thang_cn": Theme(
        "Tháng Công nhân",
        "Minh họa Tháng Công nhân",
        "Hình minh họa Tháng Công nhân: nền đỏ chuyển cam với các vòng tròn vàng nhạt và dòng chữ Tháng Công nhân",
        ("#c62828", "#ff8f00", "#ffe082"),
        (
            "Tháng Công nhân được tổ chức hằng năm vào tháng 5, gắn với ngày Quốc tế Lao động 1/5 và ngày sinh "
            "Chủ tịch Hồ Chí Minh 19/5. Đây là dịp các cấp công đoàn trong tỉnh tập trung chăm lo đời sống vật chất, "
            "tinh thần cho đoàn viên, người lao động, nhất là công nhân ở các khu công nghiệp.",
            "Trong tháng, các cấp công đoàn tổ chức thăm hỏi, tặng quà đoàn viên có hoàn cảnh khó khăn, khám sức "
            "khỏe miễn phí, tư vấn pháp luật và các hoạt động văn hóa, thể thao tại nơi làm việc và khu nhà trọ.",
            "LĐLĐ tỉnh đề nghị các công đoàn xã, phường phối hợp chặt chẽ với người sử dụng lao động để các hoạt "
            "động đến được với đông đảo người lao động, không ảnh hưởng đến sản xuất của doanh nghiệp.",
        ),
    ),
    "atvsld": Theme(
        "An toàn, vệ sinh lao động",
        "Minh họa an toàn, vệ sinh lao động",
        "Hình minh họa an toàn, vệ sinh lao động: nền xanh lá chuyển vàng "
        "với các vòng tròn và dòng chữ An toàn, vệ sinh lao động",
        ("#2e7d32", "#f9a825", "#fff59d"),
        (
            "Theo Luật An toàn, vệ sinh lao động, người sử dụng lao động phải bảo đảm nơi làm việc đạt yêu cầu về "
            "không gian, ánh sáng, tiếng ồn, bụi và hóa chất; trang bị đầy đủ phương tiện bảo vệ cá nhân và huấn "
            "luyện an toàn cho người lao động.",
            "Công đoàn cơ sở có quyền tham gia xây dựng nội quy, quy trình làm việc an toàn, giám sát việc thực "
            "hiện và kiến nghị người sử dụng lao động khắc phục ngay những nguy cơ mất an toàn được phát hiện.",
            "Mạng lưới an toàn, vệ sinh viên ở các doanh nghiệp là lực lượng nòng cốt, nhắc nhở đồng nghiệp tuân "
            "thủ quy trình và báo cáo kịp thời các sự cố, kể cả những sự cố chưa gây thương tích.",
        ),
    ),
    "tet": Theme(
        "Tết Sum vầy",
        "Minh họa chương trình Tết Sum vầy",
        "Hình minh họa Tết Sum vầy: nền đỏ thắm chuyển vàng với các vòng tròn và dòng chữ Tết Sum vầy",
        ("#b71c1c", "#ffb300", "#fff176"),
        (
            "Chương trình Tết Sum vầy do tổ chức Công đoàn phát động hằng năm nhằm chăm lo cho đoàn viên, người "
            "lao động có hoàn cảnh khó khăn, công nhân không có điều kiện về quê đón Tết.",
            "Cùng với quà Tết, các cấp công đoàn tổ chức Chợ Tết Công đoàn, Chuyến xe Công đoàn đưa công nhân về "
            "quê và vận động doanh nghiệp thưởng Tết, trả lương đầy đủ, đúng hạn cho người lao động.",
            "LĐLĐ tỉnh yêu cầu việc hỗ trợ phải đúng đối tượng, công khai, minh bạch; ưu tiên đoàn viên bị mất "
            "việc, giảm giờ làm, bị bệnh hiểm nghèo hoặc gặp tai nạn lao động trong năm.",
        ),
    ),
    "ngay_28_7": Theme(
        "Ngày thành lập Công đoàn Việt Nam 28/7",
        "Minh họa Ngày thành lập Công đoàn Việt Nam",
        "Hình minh họa Ngày thành lập Công đoàn Việt Nam 28/7: nền xanh dương "
        "với các vòng tròn và dòng chữ Ngày thành lập Công đoàn Việt Nam 28/7",
        ("#0d47a1", "#42a5f5", "#fff9c4"),
        (
            "Ngày 28/7/1929, Tổng Công hội Đỏ Bắc Kỳ, tổ chức tiền thân của Công đoàn Việt Nam, được thành lập. "
            "Gần một thế kỷ qua, tổ chức Công đoàn luôn đồng hành cùng giai cấp công nhân và người lao động trong "
            "sự nghiệp xây dựng và bảo vệ Tổ quốc.",
            "Nhân dịp kỷ niệm, các cấp công đoàn trong tỉnh tổ chức nhiều hoạt động thiết thực: tuyên dương cán bộ "
            "công đoàn tiêu biểu, kết nạp đoàn viên mới, thăm hỏi gia đình cán bộ công đoàn qua các thời kỳ.",
            "Các hoạt động kỷ niệm gắn với việc giới thiệu hình ảnh công đoàn xã, phường sau sắp xếp, để mỗi "
            "người lao động biết nơi tìm đến khi cần được bảo vệ quyền, lợi ích hợp pháp, chính đáng.",
        ),
    ),
    "thoa_uoc": Theme(
        "Đối thoại và thương lượng tập thể",
        "Minh họa đối thoại, thương lượng tập thể",
        "Hình minh họa đối thoại, thương lượng tập thể: nền xanh ngọc "
        "với các vòng tròn và dòng chữ Đối thoại và thương lượng tập thể",
        ("#00695c", "#4db6ac", "#e0f2f1"),
        (
            "Thỏa ước lao động tập thể là văn bản thỏa thuận đạt được qua thương lượng giữa tập thể người lao động "
            "và người sử dụng lao động; nội dung có lợi hơn cho người lao động so với quy định của pháp luật mới "
            "là thỏa ước có chất lượng.",
            "Đối thoại định kỳ tại nơi làm việc được tổ chức ít nhất một lần mỗi năm; ngoài ra các bên đối thoại "
            "khi có yêu cầu hoặc khi có vụ việc, giúp giải quyết vướng mắc ngay từ cơ sở, phòng ngừa tranh chấp.",
            "Công đoàn các cấp hỗ trợ công đoàn cơ sở chuẩn bị nội dung thương lượng, lấy ý kiến người lao động "
            "và công khai thỏa ước đã ký để mỗi người lao động biết quyền lợi của mình.",
        ),
    ),
    "doan_vien": Theme(
        "Phát triển đoàn viên",
        "Minh họa phát triển đoàn viên",
        "Hình minh họa phát triển đoàn viên: nền xanh lam chuyển xanh ngọc "
        "với các vòng tròn và dòng chữ Phát triển đoàn viên",
        ("#1565c0", "#26c6da", "#e1f5fe"),
        (
            "Đoàn viên công đoàn được công đoàn đại diện, bảo vệ quyền, lợi ích hợp pháp; được tư vấn pháp luật "
            "miễn phí, được hỗ trợ khi gặp khó khăn và tham gia các chương trình phúc lợi dành cho đoàn viên.",
            "Người lao động làm việc tại doanh nghiệp chưa có công đoàn cơ sở có thể gia nhập công đoàn qua công "
            "đoàn xã, phường nơi doanh nghiệp đóng trụ sở; thủ tục đơn giản, có thể đăng ký trực tuyến.",
            "Năm nay, LĐLĐ tỉnh phấn đấu kết nạp mới ít nhất 5.000 đoàn viên và thành lập mới 30 công đoàn cơ sở "
            "tại các doanh nghiệp ngoài nhà nước có từ 25 lao động trở lên.",
        ),
    ),
    "guong": Theme(
        "Gương sáng, việc tốt",
        "Minh họa gương điển hình",
        "Hình minh họa gương điển hình: nền tím chuyển vàng cam với các vòng tròn và dòng chữ Gương sáng, việc tốt",
        ("#4a148c", "#ffa000", "#fff8e1"),
        (
            "Phong trào thi đua lao động giỏi, lao động sáng tạo trong công nhân, viên chức, lao động tỉnh đã xuất "
            "hiện nhiều tấm gương tiêu biểu, nhiều sáng kiến làm lợi hàng tỷ đồng cho doanh nghiệp.",
            "Những tấm gương người tốt, việc tốt được các cấp công đoàn phát hiện, biểu dương kịp thời, lan tỏa "
            "trên Cổng thông tin, trang Facebook và nhóm Zalo của công đoàn đến từng đoàn viên.",
            "LĐLĐ tỉnh đề nghị các công đoàn cơ sở tiếp tục giới thiệu những cách làm hay, những người lao động "
            "bình dị mà đáng trân trọng để cùng nhau học tập, làm theo.",
        ),
    ),
    "cd_xa": Theme(
        "Công đoàn xã, phường",
        "Minh họa công đoàn xã, phường",
        "Hình minh họa công đoàn xã, phường: nền xanh đậm chuyển xanh lá "
        "với các vòng tròn và dòng chữ Công đoàn xã, phường",
        ("#1a237e", "#43a047", "#c8e6c9"),
        (
            "Sau khi sắp xếp đơn vị hành chính từ ngày 01/7/2025, công đoàn xã, phường là công đoàn cấp trên trực "
            "tiếp của các công đoàn cơ sở trên địa bàn, gần dân, gần doanh nghiệp và người lao động hơn.",
            "Mỗi công đoàn xã, phường có nhóm Zalo của cán bộ công đoàn, niêm yết số điện thoại và địa chỉ tiếp "
            "nhận phản ánh của người lao động tại trụ sở và trên Cổng thông tin của LĐLĐ tỉnh.",
            "LĐLĐ tỉnh thường xuyên tập huấn, hướng dẫn nghiệp vụ để cán bộ công đoàn xã, phường, phần lớn mới "
            "nhận nhiệm vụ, nắm chắc công việc và kịp thời đến với người lao động.",
        ),
    ),
    "phap_luat": Theme(
        "Pháp luật lao động",
        "Minh họa phổ biến pháp luật lao động",
        "Hình minh họa phổ biến pháp luật lao động: nền xám xanh với các vòng tròn và dòng chữ Pháp luật lao động",
        ("#37474f", "#78909c", "#eceff1"),
        (
            "Đoàn viên, người lao động có vướng mắc về hợp đồng lao động, tiền lương, bảo hiểm xã hội có thể liên "
            "hệ Văn phòng tư vấn pháp luật Công đoàn tỉnh hoặc công đoàn xã, phường để được tư vấn miễn phí.",
            "Các cấp công đoàn tham gia xây dựng chính sách, pháp luật liên quan đến người lao động và giám sát "
            "việc thực hiện tại doanh nghiệp, kịp thời kiến nghị cơ quan chức năng xử lý vi phạm.",
            "Thông tin về chính sách, pháp luật được LĐLĐ tỉnh cập nhật thường xuyên trên Cổng thông tin và "
            "chuyển tải qua bảng tin, loa truyền thanh ở doanh nghiệp, khu nhà trọ.",
        ),
    ),
}


@dataclass(frozen=True)
class Story:
    group: str
    theme: str
    section: str  # "province", "commune", "grassroots" or "park"
    when: int | str  # days before today, or a day of the year: "MM-DD", "tet-N"
    title: str
    summary: str
    lead: str
    quote: tuple[str, str]  # (words, who said them)
    tags: tuple[str, ...]
    audiences: tuple[str, ...] = tuple(WORKERS)
    state: str = PUBLISHED
    campaign: str = ""  # "running" or "waiting": the demo campaign it was written for
    for_press: bool = False
    note: str = ""  # the decider's comment: sent back, or the reason for a rejection


S = Story

STORIES: tuple[Story, ...] = (
    # 1.1 In-depth content ---------------------------------------------------------------
    S(IN_DEPTH, "phap_luat", "province", 150,
      "Luật Công đoàn năm 2024: những điểm mới người lao động cần biết",
      "Luật Công đoàn năm 2024 có hiệu lực từ ngày 01/7/2025, mở rộng đối tượng được gia nhập Công đoàn và quy định "
      "rõ hơn quyền của đoàn viên, trách nhiệm của người sử dụng lao động.",
      "Luật Công đoàn năm 2024 cho phép người lao động nước ngoài làm việc tại Việt Nam từ 12 tháng trở lên được "
      "gia nhập và hoạt động Công đoàn; bổ sung quy định về quyền của đoàn viên được tư vấn pháp luật, được hỗ "
      "trợ khi bị mất việc làm. Ban Chính sách - Pháp luật LĐLĐ tỉnh đã biên soạn tài liệu hỏi - đáp gửi các "
      "công đoàn xã, phường để tuyên truyền đến đoàn viên.",
      ("Luật mới trao thêm công cụ để công đoàn bảo vệ người lao động; việc của chúng ta là đưa từng điều luật "
       "đến tận người công nhân.", CHINH_SACH),
      ("Luật Công đoàn", "pháp luật"), audiences=tuple(OFFICIALS)),
    S(IN_DEPTH, "phap_luat", "province", 120,
      "Luật Bảo hiểm xã hội năm 2024: rút ngắn thời gian đóng để hưởng lương hưu",
      "Từ ngày 01/7/2025, người lao động có từ đủ 15 năm đóng bảo hiểm xã hội trở lên và đủ tuổi nghỉ hưu được "
      "hưởng lương hưu, thay vì 20 năm như trước.",
      "Đây là một trong những điểm mới quan trọng của Luật Bảo hiểm xã hội năm 2024, giúp nhiều người lao động "
      "lớn tuổi, tham gia bảo hiểm muộn có cơ hội hưởng lương hưu. Luật cũng siết chặt việc hưởng bảo hiểm xã hội "
      "một lần, khuyến khích người lao động bảo lưu thời gian đóng.",
      ("Trước khi quyết định rút bảo hiểm xã hội một lần, anh chị em hãy đến công đoàn để được tư vấn, đừng để mất "
       "quyền lợi lâu dài.", CHINH_SACH),
      ("bảo hiểm xã hội", "pháp luật", "lương hưu")),
    S(IN_DEPTH, "thoa_uoc", "province", 95,
      "Thỏa ước lao động tập thể: thương lượng thế nào để có lợi hơn cho người lao động",
      "Nhiều thỏa ước lao động tập thể vẫn chép lại quy định của pháp luật; LĐLĐ tỉnh hướng dẫn công đoàn cơ sở "
      "cách chuẩn bị và tiến hành thương lượng thực chất.",
      "Qua rà soát hơn 200 bản thỏa ước đang có hiệu lực trên địa bàn, Ban Chính sách - Pháp luật LĐLĐ tỉnh nhận "
      "thấy chỉ khoảng một phần ba có điều khoản có lợi hơn cho người lao động, chủ yếu về tiền ăn ca, trợ cấp "
      "đi lại và quà nhân dịp lễ, Tết.",
      ("Thương lượng tốt bắt đầu từ việc hỏi người lao động cần gì, rồi chứng minh cho doanh nghiệp thấy lợi ích "
       "khi người lao động gắn bó.", CHINH_SACH),
      ("thỏa ước lao động tập thể", "thương lượng tập thể"), audiences=tuple(OFFICIALS)),
    S(IN_DEPTH, "thoa_uoc", "province", 200,
      "Đối thoại định kỳ tại nơi làm việc: quyền và trách nhiệm của các bên",
      "Đối thoại tại nơi làm việc là kênh để người lao động nêu ý kiến trực tiếp với người sử dụng lao động; "
      "công đoàn cơ sở là người tổ chức và đại diện tiếng nói của tập thể.",
      "Theo Bộ luật Lao động năm 2019 và Nghị định số 145/2020/NĐ-CP, người sử dụng lao động phải tổ chức đối "
      "thoại định kỳ ít nhất một lần mỗi năm, đối thoại khi có yêu cầu của một hoặc các bên và khi có vụ việc. "
      "Nội dung đối thoại phải được ghi biên bản và công khai tại nơi làm việc.",
      ("Nơi nào đối thoại thực chất, nơi đó ít tranh chấp, ít ngừng việc tập thể.", PHO_CHU_TICH),
      ("đối thoại", "quan hệ lao động"), audiences=tuple(EVERYONE)),
    S(IN_DEPTH, "atvsld", "province", "05-06",
      "Phòng ngừa tai nạn lao động trong ngành chế biến thủy sản",
      "Ngành chế biến thủy sản sử dụng nhiều lao động nữ, làm việc trong môi trường lạnh, ẩm ướt và tiếp xúc "
      "hóa chất; công đoàn khuyến cáo những biện pháp phòng ngừa cụ thể.",
      "Các nguy cơ thường gặp là trơn trượt, cắt đứt tay, nhiễm lạnh và rò rỉ khí amoniac từ hệ thống cấp đông. "
      "LĐLĐ tỉnh phối hợp Sở Nội vụ kiểm tra 12 doanh nghiệp thủy sản trong Tháng hành động, kiến nghị khắc phục "
      "ngay 37 tồn tại về an toàn, vệ sinh lao động.",
      ("Mỗi đôi ủng chống trơn, mỗi bộ đồ bảo hộ đúng chuẩn là một lần tránh được tai nạn.", SO_NOI_VU),
      ("an toàn lao động", "thủy sản")),
    S(IN_DEPTH, "doan_vien", "province", 60,
      "Vì sao người lao động nên gia nhập Công đoàn?",
      "Gia nhập Công đoàn, người lao động có nơi đại diện, bảo vệ quyền lợi, được tư vấn pháp luật miễn phí và "
      "hưởng nhiều chương trình phúc lợi.",
      "Nhiều công nhân trẻ ở các khu công nghiệp còn e ngại vì nghĩ gia nhập công đoàn phải đóng phí mà không "
      "được gì. Thực tế, đoàn phí chỉ bằng 1% tiền lương đóng bảo hiểm xã hội và có mức tối đa; đổi lại, đoàn viên "
      "được công đoàn đứng ra thương lượng tiền lương, bữa ăn ca, được hỗ trợ khi ốm đau, hoạn nạn.",
      ("Công đoàn mạnh khi có đông đoàn viên; đoàn viên được bảo vệ tốt khi công đoàn mạnh.", TO_CHUC),
      ("phát triển đoàn viên", "quyền lợi đoàn viên")),
    S(IN_DEPTH, "ngay_28_7", "province", "07-20",
      "Vị thế của giai cấp công nhân trong giai đoạn phát triển mới của tỉnh",
      "Sau sắp xếp, tỉnh Vĩnh Long có hơn 300.000 công nhân, lao động làm việc trong các doanh nghiệp; đội ngũ "
      "công nhân là lực lượng nòng cốt trong công nghiệp hóa của tỉnh.",
      "Phần lớn công nhân trên địa bàn là lao động trẻ, xuất thân từ nông thôn, làm việc trong các ngành dệt "
      "may, da giày, chế biến thủy sản và dược phẩm. Nâng cao trình độ, tay nghề và chăm lo nhà ở, nhà trẻ cho "
      "con công nhân là những yêu cầu cấp thiết đặt ra cho các cấp, các ngành.",
      ("Chăm lo cho công nhân hôm nay là đầu tư cho sự phát triển của tỉnh ngày mai.", CHU_TICH),
      ("giai cấp công nhân", "28/7"), audiences=tuple(EVERYONE)),
    S(IN_DEPTH, "phap_luat", "province", 40,
      "Nhận diện và phản bác thông tin sai lệch về tổ chức Công đoàn trên mạng xã hội",
      "Thời gian gần đây xuất hiện một số bài đăng xuyên tạc vai trò của Công đoàn, kích động người lao động "
      "ngừng việc; LĐLĐ tỉnh hướng dẫn cán bộ công đoàn cách nhận diện và phản hồi.",
      "Các thông tin sai lệch thường mạo danh trang của tổ chức Công đoàn, cắt ghép hình ảnh hoặc đưa tin thiếu "
      "kiểm chứng về chế độ, chính sách. Cán bộ công đoàn cần kiểm tra nguồn tin, chia sẻ thông tin chính thống "
      "của LĐLĐ tỉnh và báo cáo ngay khi phát hiện trang giả mạo.",
      ("Thông tin đúng, nhanh và đến tận tay người lao động là cách phản bác hiệu quả nhất.", VAN_PHONG),
      ("mạng xã hội", "thông tin chính thống"), audiences=tuple(OFFICIALS)),
    S(IN_DEPTH, "thoa_uoc", "province", 170,
      "Lương tối thiểu vùng điều chỉnh: doanh nghiệp phải làm gì?",
      "Khi mức lương tối thiểu vùng được điều chỉnh, doanh nghiệp phải rà soát thang lương, bảng lương và các "
      "khoản phụ cấp, bảo đảm không trả thấp hơn mức mới.",
      "Công đoàn cơ sở có trách nhiệm theo dõi việc điều chỉnh, nhất là với những người lao động đang hưởng mức "
      "lương sát mức tối thiểu. Việc cắt giảm phụ cấp, tiền chuyên cần để bù vào phần lương tăng là trái với "
      "tinh thần của quy định và cần được công đoàn kiến nghị ngay.",
      ("Tăng lương tối thiểu phải thành tăng thu nhập thực của người lao động, không chỉ là con số trên giấy.",
       CHINH_SACH),
      ("tiền lương", "lương tối thiểu vùng"), audiences=tuple(EVERYONE)),
    S(IN_DEPTH, "doan_vien", "province", 80,
      "Hỏi - đáp: đoàn phí công đoàn và kinh phí công đoàn khác nhau thế nào?",
      "Đoàn phí do đoàn viên đóng; kinh phí công đoàn do doanh nghiệp đóng bằng 2% quỹ tiền lương làm căn cứ "
      "đóng bảo hiểm xã hội cho người lao động.",
      "Nhiều người lao động còn nhầm lẫn giữa hai khoản này. Kinh phí công đoàn là nghĩa vụ của người sử dụng "
      "lao động, không được trừ vào lương của người lao động; phần lớn kinh phí được để lại cho công đoàn cơ sở "
      "chăm lo trực tiếp cho người lao động tại doanh nghiệp.",
      ("Mọi khoản thu, chi của công đoàn cơ sở đều được công khai trước đoàn viên.", TO_CHUC),
      ("tài chính công đoàn", "đoàn phí")),
    # 1.2 Regular updates ----------------------------------------------------------------
    S(REGULAR, "cd_xa", "province", 22,
      "Công đoàn xã, phường sau sắp xếp: địa chỉ tìm đến của người lao động",
      "LĐLĐ tỉnh mở đợt truyền thông giới thiệu các công đoàn xã, phường mới với đoàn viên, người lao động các "
      "doanh nghiệp trên địa bàn.",
      "Trong hai tháng, các công đoàn xã, phường phát tờ gấp giới thiệu địa chỉ, số điện thoại, nhóm Zalo của cán "
      "bộ công đoàn tại cổng các doanh nghiệp và khu nhà trọ; LĐLĐ tỉnh đăng danh bạ công đoàn xã, phường trên "
      "Cổng thông tin và trang Facebook.",
      ("Người lao động chỉ tìm đến công đoàn khi biết công đoàn ở đâu và tin rằng công đoàn sẽ giúp mình.",
       TRUONG_BAN),
      ("công đoàn xã, phường", "sắp xếp tổ chức"), campaign="running"),
    S(REGULAR, "cd_xa", "commune", 18,
      "{commune} ra mắt nhóm Zalo của cán bộ công đoàn",
      "Nhóm Zalo kết nối cán bộ công đoàn xã với chủ tịch công đoàn cơ sở các doanh nghiệp, tiếp nhận phản ánh "
      "của người lao động nhanh hơn.",
      "Sau một tuần ra mắt, nhóm đã có 46 thành viên là chủ tịch, ủy viên ban chấp hành công đoàn cơ sở trên địa "
      "bàn. Các thông báo của LĐLĐ tỉnh, văn bản hướng dẫn và lịch tập huấn được chia sẻ ngay trong nhóm.",
      ("Có việc gì cần, anh chị em nhắn vào nhóm, cán bộ công đoàn xã trả lời trong ngày.", CAP_TREN),
      ("nhóm Zalo", "công đoàn xã, phường"), campaign="running"),
    S(REGULAR, "cd_xa", "province", 20,
      "Danh bạ công đoàn xã, phường trên địa bàn tỉnh",
      "Danh bạ gồm địa chỉ, số điện thoại của chủ tịch công đoàn và nhóm Zalo của cán bộ công đoàn từng xã, phường.",
      "Danh bạ được cập nhật thường xuyên trên Cổng thông tin, in thành tờ gấp phát tại doanh nghiệp và niêm "
      "yết tại trụ sở Ủy ban nhân dân các xã, phường. Người lao động có thể quét mã QR trên tờ gấp để vào nhóm "
      "Zalo của công đoàn nơi mình làm việc.",
      ("Danh bạ là việc nhỏ nhưng giúp người lao động không còn phải hỏi công đoàn của mình ở đâu.", VAN_PHONG),
      ("danh bạ", "công đoàn xã, phường"), campaign="running"),
    S(REGULAR, "cd_xa", "province", 39,
      "Tập huấn nghiệp vụ truyền thông cho cán bộ công đoàn xã, phường",
      "Hơn 120 cán bộ công đoàn xã, phường được hướng dẫn viết tin, chụp ảnh, quản lý nhóm Zalo và trang Facebook "
      "của công đoàn.",
      "Lớp tập huấn diễn ra trong hai ngày tại Hội trường LĐLĐ tỉnh. Học viên thực hành viết tin về hoạt động của "
      "đơn vị mình, được giảng viên góp ý trực tiếp và hướng dẫn quy trình gửi tin, bài lên Cổng thông tin.",
      ("Mỗi cán bộ công đoàn xã, phường phải là một cộng tác viên truyền thông của tổ chức Công đoàn.", TRUONG_BAN),
      ("tập huấn", "truyền thông công đoàn"), audiences=tuple(OFFICIALS)),
    S(REGULAR, "doan_vien", "park", 65,
      "Kết nạp 120 đoàn viên mới tại Khu công nghiệp Hòa Phú",
      "Lễ kết nạp được tổ chức ngay tại nhà ăn của doanh nghiệp, trong giờ nghỉ giữa ca, để công nhân không phải "
      "đi lại.",
      "Các đoàn viên mới chủ yếu là công nhân trẻ vừa vào làm việc trong năm. Sau lễ kết nạp, cán bộ {park} giới "
      "thiệu quyền lợi của đoàn viên, chương trình phúc lợi đoàn viên và cách liên hệ khi cần tư vấn.",
      ("Chúng tôi mang công đoàn đến chỗ công nhân, không đợi công nhân tìm đến công đoàn.", KCN),
      ("phát triển đoàn viên", "khu công nghiệp")),
    S(REGULAR, "doan_vien", "province", 130,
      "Thành lập công đoàn cơ sở ở doanh nghiệp ngoài nhà nước: các bước cần biết",
      "Người lao động tại doanh nghiệp chưa có công đoàn cơ sở có thể chủ động đề nghị công đoàn xã, phường hỗ "
      "trợ thành lập.",
      "Quy trình gồm: vận động người lao động gia nhập công đoàn, thành lập ban vận động, tổ chức hội nghị thành "
      "lập và đề nghị công đoàn cấp trên công nhận. Trong suốt quá trình, cán bộ công đoàn xã, phường trực tiếp "
      "hướng dẫn và bảo vệ người lao động tham gia ban vận động.",
      ("Không người lao động nào bị phân biệt đối xử vì tham gia thành lập công đoàn; nếu có, công đoàn sẽ lên "
       "tiếng ngay.", TO_CHUC),
      ("thành lập công đoàn cơ sở", "phát triển đoàn viên")),
    S(REGULAR, "doan_vien", "province", 75,
      "Chương trình Phúc lợi đoàn viên: thêm 15 doanh nghiệp ưu đãi cho đoàn viên",
      "Đoàn viên công đoàn được giảm giá khi mua hàng, khám chữa bệnh và sử dụng dịch vụ tại 15 doanh nghiệp mới "
      "ký thỏa thuận hợp tác với LĐLĐ tỉnh.",
      "Các doanh nghiệp tham gia gồm siêu thị, nhà thuốc, phòng khám và cửa hàng xe máy trên địa bàn tỉnh, với "
      "mức ưu đãi từ 5% đến 20%. Đoàn viên chỉ cần xuất trình thẻ đoàn viên hoặc thẻ đoàn viên điện tử trên ứng "
      "dụng Công đoàn Việt Nam.",
      ("Phúc lợi đoàn viên là lời cảm ơn thiết thực nhất dành cho người đã gắn bó với tổ chức Công đoàn.",
       PHO_CHU_TICH),
      ("phúc lợi đoàn viên", "ưu đãi")),
    S(REGULAR, "atvsld", "province", 110,
      "Hỗ trợ đoàn viên bị tai nạn lao động từ Quỹ Xã hội Công đoàn",
      "LĐLĐ tỉnh trao hỗ trợ cho 14 đoàn viên bị tai nạn lao động nặng và gia đình 2 đoàn viên tử vong do tai nạn "
      "lao động.",
      "Ngoài khoản hỗ trợ từ Quỹ Xã hội Công đoàn, các công đoàn cơ sở đã đề nghị doanh nghiệp thực hiện đầy đủ "
      "chế độ bồi thường, trợ cấp theo quy định. Ban Chính sách - Pháp luật theo dõi đến khi các chế độ được chi "
      "trả đủ.",
      ("Sự hỗ trợ không bù đắp được mất mát, nhưng cho các gia đình biết họ không đơn độc.", CHU_TICH),
      ("tai nạn lao động", "hỗ trợ đoàn viên")),
    S(REGULAR, "atvsld", "grassroots", 55,
      "{grassroots} phối hợp khám sức khỏe định kỳ cho người lao động",
      "Toàn bộ người lao động của doanh nghiệp được khám sức khỏe định kỳ, lao động nữ được khám chuyên khoa phụ "
      "sản.",
      "Công đoàn cơ sở đề nghị và được doanh nghiệp đồng ý mời bệnh viện đến khám ngay tại xưởng, chia theo từng "
      "ca để không ảnh hưởng sản xuất. Kết quả khám được gửi riêng cho từng người, kèm lời khuyên của bác sĩ.",
      ("Sức khỏe của người lao động cũng là năng suất của doanh nghiệp.", CO_SO),
      ("khám sức khỏe", "lao động nữ")),
    S(REGULAR, "cd_xa", "commune", 10,
      "Hướng dẫn tham gia nhóm Zalo công đoàn xã, phường",
      "Chỉ với vài thao tác trên điện thoại, đoàn viên, người lao động có thể vào nhóm Zalo để nhận thông tin và "
      "gửi phản ánh đến công đoàn.",
      "Người lao động quét mã QR in trên tờ gấp hoặc niêm yết tại bảng tin doanh nghiệp, chọn tham gia nhóm và "
      "giới thiệu tên, nơi làm việc. Quản trị viên nhóm là cán bộ {commune}; các tin nhắn quảng cáo, không đúng "
      "mục đích sẽ bị gỡ bỏ.",
      ("Nhóm Zalo là cửa ngõ để người lao động nói chuyện với công đoàn bất cứ lúc nào.", CAP_TREN),
      ("nhóm Zalo", "hướng dẫn"), campaign="running"),
    S(REGULAR, "doan_vien", "province", 140,
      "Trao 10 Mái ấm Công đoàn cho đoàn viên có hoàn cảnh khó khăn",
      "Mỗi căn nhà được hỗ trợ 60 triệu đồng từ Quỹ Xã hội Công đoàn và sự đóng góp của đoàn viên trong tỉnh.",
      "Những đoàn viên được nhận Mái ấm Công đoàn đều có thời gian làm việc lâu năm, hoàn cảnh đặc biệt khó khăn "
      "về nhà ở. Các công đoàn cơ sở vận động đoàn viên góp ngày công xây dựng, giúp các gia đình sớm vào nhà mới.",
      ("Căn nhà mới là niềm mơ ước bao năm của gia đình tôi; cảm ơn tổ chức Công đoàn.", CONG_NHAN),
      ("Mái ấm Công đoàn", "an sinh")),
    S(REGULAR, "thoa_uoc", "park", 35,
      "Công đoàn các Khu công nghiệp tư vấn pháp luật miễn phí cho công nhân",
      "Điểm tư vấn pháp luật mở vào tối thứ Năm hằng tuần tại khu nhà trọ công nhân gần Khu công nghiệp Bình Minh.",
      "Công nhân được luật sư và cán bộ công đoàn giải đáp về hợp đồng lao động, tiền lương, làm thêm giờ và "
      "bảo hiểm xã hội. Những trường hợp phức tạp được {park} theo dõi, làm việc với doanh nghiệp đến khi giải "
      "quyết xong.",
      ("Nhiều vụ việc được giải quyết nhanh chỉ vì người lao động biết hỏi đúng nơi.", KCN),
      ("tư vấn pháp luật", "nhà trọ công nhân")),
    S(REGULAR, "cd_xa", "province", 8,
      "Lịch tiếp đoàn viên, người lao động của Thường trực LĐLĐ tỉnh",
      "Thường trực LĐLĐ tỉnh tiếp đoàn viên, người lao động vào sáng thứ Ba hằng tuần tại trụ sở cơ quan.",
      "Đoàn viên, người lao động có thể đến trực tiếp hoặc đăng ký trước qua số điện thoại đường dây nóng, nhóm "
      "Zalo của công đoàn xã, phường. Các ý kiến được ghi nhận, chuyển đến bộ phận chuyên môn và trả lời bằng văn "
      "bản trong thời hạn quy định.",
      ("Mọi phản ánh của người lao động đều được lắng nghe và trả lời đến nơi đến chốn.", VAN_PHONG),
      ("tiếp đoàn viên", "đường dây nóng"), audiences=tuple(EVERYONE)),
    S(REGULAR, "cd_xa", "province", "07-08",
      "Sơ kết 6 tháng: tập trung ổn định tổ chức công đoàn sau sắp xếp",
      "LĐLĐ tỉnh sơ kết công tác 6 tháng đầu năm {y}, đề ra nhiệm vụ trọng tâm những tháng cuối năm.",
      "Trong 6 tháng, các cấp công đoàn kết nạp mới hơn 2.600 đoàn viên, thành lập 14 công đoàn cơ sở, chăm lo "
      "cho hơn 9.000 lượt đoàn viên, người lao động. Hội nghị thống nhất ưu tiên kiện toàn công đoàn xã, phường "
      "và đẩy mạnh truyền thông trên môi trường số.",
      ("Sáu tháng cuối năm, mỗi công đoàn xã, phường phải có nhóm Zalo hoạt động thường xuyên.", CHU_TICH),
      ("sơ kết", "công tác công đoàn"), audiences=tuple(OFFICIALS)),
    S(REGULAR, "thoa_uoc", "commune", 28,
      "{commune} khảo sát đời sống công nhân ở nhà trọ",
      "Cán bộ công đoàn xã đến từng khu nhà trọ tìm hiểu điều kiện sống, thu nhập và nhu cầu của công nhân.",
      "Qua khảo sát 320 công nhân, phần lớn mong muốn có điểm giữ trẻ gần nơi làm việc và được mua hàng thiết "
      "yếu giá ưu đãi. Kết quả được báo cáo Ủy ban nhân dân xã và LĐLĐ tỉnh để đề xuất giải pháp.",
      ("Muốn chăm lo đúng thì phải hỏi đúng người, đúng chỗ.", CAP_TREN),
      ("nhà trọ công nhân", "khảo sát")),
    # 1.3 Highlight activities -----------------------------------------------------------
    S(HIGHLIGHT, "thang_cn", "province", "04-28",
      "Phát động Tháng Công nhân năm {y}",
      "LĐLĐ tỉnh phát động Tháng Công nhân với nhiều hoạt động chăm lo thiết thực cho đoàn viên, người lao động.",
      "Lễ phát động được tổ chức tại Khu công nghiệp Hòa Phú với sự tham dự của hơn 1.000 công nhân. Dịp này, "
      "LĐLĐ tỉnh trao 200 suất quà cho công nhân có hoàn cảnh khó khăn và ký kết chương trình phối hợp chăm lo "
      "với các doanh nghiệp.",
      ("Tháng Công nhân không chỉ là một tháng; chăm lo cho người lao động là việc của cả năm.", CHU_TICH),
      ("Tháng Công nhân", "chăm lo đoàn viên"), audiences=tuple(EVERYONE)),
    S(HIGHLIGHT, "thang_cn", "province", "05-15",
      "Lãnh đạo tỉnh đối thoại với công nhân Khu công nghiệp Hòa Phú",
      "Hơn 300 công nhân, lao động nêu ý kiến về nhà ở, nhà trẻ, tiền lương và an toàn giao thông khu vực khu "
      "công nghiệp.",
      "Tại buổi đối thoại trong Tháng Công nhân, lãnh đạo Ủy ban nhân dân tỉnh và các sở, ngành giải đáp trực "
      "tiếp 18 ý kiến, giao các cơ quan xử lý những kiến nghị còn lại trong thời hạn 30 ngày.",
      ("Tôi mong có nhà trẻ gần khu công nghiệp để yên tâm làm việc; hôm nay được nghe lãnh đạo hứa sẽ làm, "
       "tôi rất mừng.", CONG_NHAN),
      ("đối thoại", "Tháng Công nhân"), audiences=tuple(EVERYONE)),
    S(HIGHLIGHT, "atvsld", "province", "05-03",
      "Phát động Tháng hành động về An toàn, vệ sinh lao động năm {y}",
      "Các doanh nghiệp trên địa bàn được đề nghị rà soát nguy cơ, huấn luyện an toàn và cải thiện điều kiện "
      "làm việc trong tháng 5.",
      "Lễ phát động do Ủy ban nhân dân tỉnh phối hợp LĐLĐ tỉnh tổ chức. Trong tháng, các đoàn liên ngành kiểm "
      "tra việc chấp hành pháp luật về an toàn, vệ sinh lao động tại các doanh nghiệp có nguy cơ cao.",
      ("Không có việc gì gấp đến mức phải bỏ qua an toàn.", SO_NOI_VU),
      ("an toàn lao động", "Tháng hành động"), audiences=tuple(EVERYONE)),
    S(HIGHLIGHT, "thang_cn", "park", "05-24",
      "Ngày hội Công nhân: sân chơi cho hơn 2.000 người lao động",
      "Ngày hội gồm các môn kéo co, đẩy gậy, văn nghệ và gian hàng ưu đãi dành cho công nhân các khu công nghiệp.",
      "Ngày hội do {park} tổ chức vào ngày Chủ nhật, thu hút đông đảo công nhân và gia đình. Các gian hàng giảm "
      "giá của doanh nghiệp tham gia Chương trình Phúc lợi đoàn viên luôn kín người.",
      ("Lâu lắm mới có một ngày cả nhà cùng vui chơi, lại được mua hàng rẻ.", CONG_NHAN_2),
      ("Ngày hội Công nhân", "văn hóa, thể thao")),
    S(HIGHLIGHT, "ngay_28_7", "province", "07-27",
      "Kỷ niệm {age} năm Ngày thành lập Công đoàn Việt Nam",
      "LĐLĐ tỉnh tổ chức gặp mặt kỷ niệm {age} năm Ngày thành lập Công đoàn Việt Nam (28/7/1929 – 28/7/{y}).",
      "Buổi gặp mặt có sự tham dự của lãnh đạo Tỉnh ủy, Ủy ban nhân dân tỉnh, nguyên lãnh đạo LĐLĐ tỉnh qua các "
      "thời kỳ và đại diện cán bộ công đoàn, đoàn viên tiêu biểu.",
      ("Truyền thống vẻ vang ấy đặt lên vai chúng ta trách nhiệm đổi mới để xứng đáng với niềm tin của người lao "
       "động.", CHU_TICH),
      ("28/7", "Công đoàn Việt Nam"), audiences=tuple(EVERYONE)),
    S(HIGHLIGHT, "ngay_28_7", "province", "07-28",
      "Tuyên dương 50 chủ tịch công đoàn cơ sở tiêu biểu",
      "Nhân kỷ niệm Ngày thành lập Công đoàn Việt Nam, LĐLĐ tỉnh tuyên dương 50 chủ tịch công đoàn cơ sở tiêu "
      "biểu trong bảo vệ quyền lợi người lao động.",
      "Các chủ tịch được tuyên dương đều đã thương lượng thành công thỏa ước có lợi hơn cho người lao động, tổ "
      "chức tốt đối thoại tại nơi làm việc và phát triển đoàn viên vượt chỉ tiêu.",
      ("Họ là những người giữ lửa, làm cho công đoàn cơ sở thực sự là chỗ dựa của người lao động.", TO_CHUC),
      ("28/7", "tuyên dương")),
    S(HIGHLIGHT, "tet", "province", "tet-12",
      "Tết Sum vầy {y}: hơn 5.000 suất quà đến tay công nhân",
      "Các cấp công đoàn trong tỉnh trao hơn 5.000 suất quà Tết cho đoàn viên, người lao động có hoàn cảnh khó "
      "khăn với tổng trị giá gần 5 tỷ đồng.",
      "Chương trình Tết Sum vầy được tổ chức đồng loạt tại các khu công nghiệp và công đoàn xã, phường. Bên cạnh "
      "quà Tết, nhiều doanh nghiệp hỗ trợ thêm tiền tàu xe cho công nhân ở xa về quê.",
      ("Không để đoàn viên, người lao động nào không có Tết.", PHO_CHU_TICH),
      ("Tết Sum vầy", "chăm lo Tết"), audiences=tuple(EVERYONE)),
    S(HIGHLIGHT, "tet", "province", "tet-8",
      "Chuyến xe Công đoàn đưa 400 công nhân về quê đón Tết",
      "10 chuyến xe miễn phí đưa công nhân quê ở các tỉnh miền Trung, miền Bắc về quê đón Tết.",
      "Công nhân đăng ký qua công đoàn cơ sở từ một tháng trước Tết. Trên mỗi chuyến xe có cán bộ công đoàn đi "
      "cùng, mỗi công nhân được tặng một phần quà và vé xe chiều ngược lại sau Tết.",
      ("Ba năm rồi tôi mới về quê ăn Tết, được đi xe miễn phí lại có quà cho con.", CONG_NHAN_2),
      ("Chuyến xe Công đoàn", "Tết Sum vầy")),
    S(HIGHLIGHT, "tet", "province", "tet-15",
      "Chợ Tết Công đoàn: hàng nghìn sản phẩm giảm giá cho đoàn viên",
      "Mỗi đoàn viên được tặng phiếu mua hàng 300.000 đồng tại Chợ Tết Công đoàn tổ chức ở khu công nghiệp.",
      "Chợ Tết có 40 gian hàng bán thực phẩm, bánh mứt, quần áo với giá ưu đãi. Công nhân mua sắm sau giờ tan ca, "
      "dùng phiếu mua hàng hoặc mã giảm giá trên ứng dụng Công đoàn Việt Nam.",
      ("Phiếu mua hàng đúng lúc cần sắm Tết, giúp chị em công nhân đỡ lo.", CO_SO),
      ("Chợ Tết Công đoàn", "Tết Sum vầy")),
    S(HIGHLIGHT, "cd_xa", "province", 24,
      "Ra quân đợt truyền thông “Công đoàn xã, phường mới: gần dân, sát người lao động”",
      "Đợt truyền thông kéo dài hai tháng tại 12 xã, phường có đông doanh nghiệp và công nhân.",
      "Tại lễ ra quân, đại diện các công đoàn xã, phường nhận tờ gấp, áp phích và tài liệu hướng dẫn. Video giới "
      "thiệu công đoàn xã, phường được đăng trên trang Facebook, Zalo OA của LĐLĐ tỉnh và chia sẻ trong các nhóm "
      "Zalo của công đoàn.",
      ("Công đoàn xã, phường – nơi người lao động tìm đến.", PHO_CHU_TICH),
      ("công đoàn xã, phường", "chiến dịch truyền thông"), campaign="running"),
    S(HIGHLIGHT, "thoa_uoc", "park", 12,
      "Hội nghị đối thoại tại Khu công nghiệp Hòa Phú: 15 kiến nghị được giải đáp tại chỗ",
      "Đại diện 20 doanh nghiệp và 250 công nhân cùng trao đổi về tiền lương, làm thêm giờ và bữa ăn ca.",
      "Hội nghị do {park} phối hợp Ban Quản lý các khu công nghiệp tổ chức. Các doanh nghiệp cam kết nâng giá "
      "trị bữa ăn ca và công khai cách tính tiền làm thêm giờ trên phiếu lương.",
      ("Công nhân nói thẳng, doanh nghiệp nghe thật: đó là đối thoại có kết quả.", KCN),
      ("đối thoại", "khu công nghiệp", "bữa ăn ca"), campaign="running", audiences=tuple(EVERYONE)),
    S(HIGHLIGHT, "thoa_uoc", "province", 85,
      "Ký kết thỏa ước lao động tập thể nhóm doanh nghiệp ngành may",
      "8 doanh nghiệp may với hơn 9.000 lao động cùng ký thỏa ước, trong đó có nhiều điều khoản có lợi hơn cho "
      "người lao động.",
      "Thỏa ước quy định tiền ăn ca không thấp hơn 30.000 đồng mỗi bữa, trợ cấp nhà trọ, tiền thưởng Tết và ngày "
      "nghỉ hưởng lương cho lao động nữ nuôi con nhỏ. Đây là thỏa ước nhóm doanh nghiệp thứ hai của tỉnh.",
      ("Doanh nghiệp chúng tôi ký thỏa ước vì muốn giữ chân người lao động lâu dài.", DOANH_NGHIEP),
      ("thỏa ước lao động tập thể", "ngành may"), audiences=tuple(EVERYONE)),
    S(HIGHLIGHT, "thang_cn", "province", 180,
      "Hội thao công nhân, viên chức, lao động tỉnh thu hút 1.200 vận động viên",
      "Hội thao gồm các môn bóng đá, cầu lông, kéo co và việt dã, diễn ra trong một tuần.",
      "Các vận động viên là đoàn viên từ các công đoàn xã, phường, công đoàn ngành và các khu công nghiệp. Hội "
      "thao là dịp giao lưu, gắn kết công nhân, viên chức, lao động sau sắp xếp tổ chức.",
      ("Khỏe để lao động, khỏe để sáng tạo.", PHO_CHU_TICH),
      ("hội thao", "văn hóa, thể thao")),
    # 1.4 Good practices and exemplary people --------------------------------------------
    S(GOOD_PRACTICE, "guong", "park", 45,
      "Nữ công nhân may 12 năm liền đạt danh hiệu Lao động giỏi",
      "Chị Trần Thị Kim Yến luôn vượt định mức, kèm cặp hàng chục công nhân mới vào nghề.",
      "Vào làm công nhân may từ năm 18 tuổi, chị Yến nay là tổ trưởng chuyền may với 36 công nhân. Chị được "
      "đồng nghiệp tin tưởng bầu làm tổ trưởng công đoàn, là người đầu tiên phản ánh khi có bất hợp lý trong "
      "định mức.",
      ("Mình làm tốt việc của mình, rồi giúp người mới làm tốt, vậy là chuyền mình vững.", CONG_NHAN),
      ("Lao động giỏi", "gương điển hình", "lao động nữ")),
    S(GOOD_PRACTICE, "guong", "park", 70,
      "Sáng kiến cải tiến máy cắt giúp tiết kiệm 400 triệu đồng mỗi năm",
      "Anh Lý Văn Sang, công nhân cơ điện, tự thiết kế bộ gá giúp máy cắt da hoạt động chính xác hơn, giảm hao hụt "
      "nguyên liệu.",
      "Sáng kiến được áp dụng trên toàn bộ 24 máy cắt của doanh nghiệp, giảm tỷ lệ hao hụt da từ 6% xuống còn 4%. "
      "Anh Sang được Công đoàn các Khu công nghiệp tỉnh đề nghị tặng Bằng khen của LĐLĐ tỉnh.",
      ("Thấy chỗ nào phí là mình muốn sửa; công đoàn khuyến khích nên mình mạnh dạn đề xuất.", CONG_NHAN_2),
      ("lao động sáng tạo", "sáng kiến")),
    S(GOOD_PRACTICE, "thoa_uoc", "grassroots", 33,
      "{grassroots}: bữa ăn ca đủ chất nhờ công đoàn thương lượng",
      "Giá trị bữa ăn ca tăng từ 22.000 lên 28.000 đồng, công đoàn cùng người lao động giám sát chất lượng hằng "
      "ngày.",
      "Công đoàn cơ sở lấy ý kiến người lao động, khảo sát giá thực phẩm rồi đưa kết quả vào buổi thương lượng "
      "với ban giám đốc. Mỗi ngày một đoàn viên được cử kiểm tra thực đơn và khẩu phần, ghi vào sổ giám sát.",
      ("Bữa ăn ngon hơn thì anh chị em có sức làm việc, doanh nghiệp cũng được lợi.", CO_SO),
      ("bữa ăn ca", "thương lượng tập thể")),
    S(GOOD_PRACTICE, "guong", "commune", 26,
      "Mô hình “Tủ sách công nhân” ở khu nhà trọ",
      "{commune} đặt 5 tủ sách tại các khu nhà trọ đông công nhân, với hơn 1.000 đầu sách do đoàn viên quyên góp.",
      "Tủ sách có sách pháp luật lao động, sách nuôi dạy con và truyện thiếu nhi. Chủ nhà trọ nhận giữ tủ sách, "
      "cán bộ công đoàn xã đổi sách mới mỗi tháng.",
      ("Tối tối con tôi có sách đọc, tôi cũng tìm được những điều luật mình cần biết.", CONG_NHAN),
      ("Tủ sách công nhân", "cách làm hay")),
    S(GOOD_PRACTICE, "guong", "province", 100,
      "Người chủ tịch công đoàn cơ sở “giữ lửa” phong trào suốt 15 năm",
      "Ông Nguyễn Văn Thành, chủ tịch công đoàn một doanh nghiệp chế biến thủy sản, được người lao động tín nhiệm "
      "qua năm nhiệm kỳ.",
      "Dưới sự dẫn dắt của ông, công đoàn cơ sở đã thương lượng được thỏa ước với 12 điều khoản có lợi hơn cho "
      "người lao động, thành lập quỹ tương trợ giúp đoàn viên vay không lãi khi khó khăn.",
      ("Làm công đoàn thì phải đứng về phía người lao động, nhưng nói bằng lý lẽ để doanh nghiệp cùng đồng "
       "thuận.", TO_CHUC),
      ("gương điển hình", "chủ tịch công đoàn cơ sở")),
    S(GOOD_PRACTICE, "guong", "commune", 15,
      "Cách làm hay: “Tổ tư vấn pháp luật lưu động” của công đoàn xã",
      "Mỗi tháng hai lần, tổ tư vấn đến cổng doanh nghiệp vào giờ tan ca, giải đáp trực tiếp thắc mắc của "
      "công nhân.",
      "Tổ gồm cán bộ {commune}, một luật sư cộng tác và cán bộ tư pháp xã. Sau ba tháng, tổ đã tư vấn cho hơn 200 "
      "lượt người lao động, chủ yếu về hợp đồng lao động và bảo hiểm xã hội.",
      ("Mình đến chỗ công nhân thì công nhân mới hỏi; ngồi ở trụ sở thì ít ai tìm đến.", CAP_TREN),
      ("tư vấn pháp luật", "cách làm hay")),
    S(GOOD_PRACTICE, "atvsld", "province", 160,
      "Người thợ hàn kịp thời ngăn một vụ cháy tại xưởng",
      "Phát hiện tia lửa bắt vào đống vật liệu dễ cháy, anh Trần Minh Hiếu dùng bình chữa cháy dập tắt ngay, "
      "hướng dẫn đồng nghiệp thoát ra an toàn.",
      "Anh Hiếu là an toàn, vệ sinh viên của tổ sản xuất, được huấn luyện phòng cháy chữa cháy định kỳ. Sau sự "
      "việc, công đoàn cơ sở đề nghị doanh nghiệp bố trí lại khu vực hàn cách xa kho vật tư.",
      ("Được huấn luyện kỹ nên lúc đó tôi không hoảng, biết phải làm gì trước.", "Anh Trần Minh Hiếu, an toàn, "
       "vệ sinh viên"),
      ("an toàn, vệ sinh viên", "phòng cháy chữa cháy")),
    S(GOOD_PRACTICE, "guong", "province", 125,
      "Doanh nghiệp và công đoàn cùng chăm lo người lao động",
      "Công ty TNHH Giày da Hòa Phú xây nhà trẻ cho con công nhân, hỗ trợ 500.000 đồng mỗi tháng cho lao động nữ "
      "nuôi con nhỏ.",
      "Các chính sách này đều xuất phát từ kiến nghị của công đoàn cơ sở tại đối thoại định kỳ. Tỷ lệ công nhân "
      "nghỉ việc của doanh nghiệp giảm một nửa sau hai năm.",
      ("Chăm lo cho người lao động là cách giữ người tốt nhất mà chúng tôi biết.", DOANH_NGHIEP),
      ("doanh nghiệp vì người lao động", "nhà trẻ"), audiences=tuple(EVERYONE)),
    S(GOOD_PRACTICE, "guong", "grassroots", 50,
      "Nữ chủ tịch công đoàn cơ sở được tặng Bằng khen của Tổng Liên đoàn",
      "Bà Huỳnh Thị Mỹ Duyên được khen vì thành tích xuất sắc trong chăm lo, bảo vệ quyền lợi đoàn viên.",
      "Trong ba năm, công đoàn cơ sở do bà Duyên làm chủ tịch đã phát triển thêm 180 đoàn viên, đạt tỷ lệ 98% "
      "người lao động là đoàn viên, không để xảy ra tranh chấp lao động tập thể.",
      ("Phần thưởng này là của tất cả anh chị em đoàn viên đã tin tưởng công đoàn.", CO_SO),
      ("khen thưởng", "gương điển hình")),
    S(GOOD_PRACTICE, "doan_vien", "commune", 21,
      "“Mỗi đoàn viên giới thiệu một đoàn viên mới”: kinh nghiệm từ {commune}",
      "Cách làm giản dị giúp công đoàn xã kết nạp thêm 230 đoàn viên trong sáu tháng.",
      "Mỗi đoàn viên được đề nghị giới thiệu một người bạn, người thân đang làm việc ở doanh nghiệp chưa có công "
      "đoàn. Cán bộ công đoàn xã đến gặp tận nơi, hướng dẫn thủ tục và trao thẻ đoàn viên.",
      ("Người lao động tin lời bạn bè hơn tin tờ rơi; chúng tôi dựa vào chính đoàn viên.", CAP_TREN),
      ("phát triển đoàn viên", "cách làm hay")),
    # News -------------------------------------------------------------------------------
    S(NEWS, "thoa_uoc", "province", 6,
      "LĐLĐ tỉnh làm việc với Sở Nội vụ về quan hệ lao động cuối năm",
      "Hai bên thống nhất phối hợp theo dõi tình hình trả lương, thưởng Tết tại các doanh nghiệp.",
      "LĐLĐ tỉnh đề nghị Sở Nội vụ sớm có hướng dẫn về thưởng Tết, kiểm tra các doanh nghiệp có dấu hiệu nợ lương, "
      "nợ bảo hiểm xã hội. Các công đoàn xã, phường được yêu cầu báo cáo tình hình hằng tuần đến Tết.",
      ("Quý cuối năm là lúc phải theo sát doanh nghiệp để người lao động có lương, có thưởng đón Tết.", SO_NOI_VU),
      ("quan hệ lao động", "thưởng Tết")),
    S(NEWS, "cd_xa", "province", 30,
      "Tuyển chọn cộng tác viên truyền thông công đoàn năm {y}",
      "LĐLĐ tỉnh tuyển chọn 50 cộng tác viên viết tin, chụp ảnh về hoạt động công đoàn ở cơ sở.",
      "Cộng tác viên là cán bộ công đoàn, đoàn viên có khả năng viết tin, chụp ảnh, làm video ngắn. Tin, bài được "
      "đăng trên Cổng thông tin được hưởng nhuận bút theo quy định.",
      ("Tin hay nhất về công đoàn luôn đến từ chính cơ sở.", TRUONG_BAN),
      ("cộng tác viên", "truyền thông công đoàn"), audiences=tuple(OFFICIALS)),
    S(NEWS, "thoa_uoc", "park", 90,
      "Giải quyết ổn định vụ ngừng việc tập thể tại một doanh nghiệp da giày",
      "Sau hai ngày đối thoại, doanh nghiệp đồng ý điều chỉnh định mức, 700 công nhân trở lại làm việc.",
      "Ngay khi nắm tình hình, {park} cử cán bộ đến doanh nghiệp, lắng nghe công nhân và làm cầu nối để hai bên đối "
      "thoại. Thỏa thuận đạt được được ghi thành biên bản và công khai tại xưởng.",
      ("Công đoàn có mặt ngay từ giờ đầu nên mọi việc được giải quyết trong ôn hòa.", KCN),
      ("ngừng việc tập thể", "đối thoại")),
    S(NEWS, "atvsld", "province", 115,
      "Thăm hỏi gia đình công nhân bị tai nạn lao động",
      "Lãnh đạo LĐLĐ tỉnh thăm, trao hỗ trợ 20 triệu đồng cho gia đình một công nhân bị tai nạn lao động nặng.",
      "Công nhân bị thương khi vận hành máy ép tại xưởng. Công đoàn cơ sở đang theo dõi việc doanh nghiệp chi trả "
      "chi phí điều trị, tiền lương trong thời gian điều trị và bồi thường theo quy định.",
      ("Công đoàn sẽ theo đến cùng để anh được hưởng đầy đủ chế độ.", PHO_CHU_TICH),
      ("tai nạn lao động", "thăm hỏi")),
    S(NEWS, "cd_xa", "province", 14,
      "Ban Thường vụ LĐLĐ tỉnh họp phiên thường kỳ tháng",
      "Ban Thường vụ cho ý kiến về công tác chuẩn bị Đại hội Công đoàn tỉnh và chương trình Tết Sum vầy.",
      "Phiên họp thống nhất kế hoạch tổ chức Đại hội Công đoàn tỉnh Vĩnh Long lần thứ I, nhiệm kỳ 2025–2030, "
      "và giao Ban Tuyên giáo - Nữ công xây dựng kế hoạch truyền thông trước, trong và sau Đại hội.",
      ("Đại hội phải là ngày hội của đoàn viên, người lao động toàn tỉnh.", CHU_TICH),
      ("Ban Thường vụ", "Đại hội Công đoàn tỉnh"), audiences=tuple(OFFICIALS)),
    S(NEWS, "doan_vien", "province", 58,
      "Khai giảng lớp bồi dưỡng cho chủ tịch công đoàn cơ sở mới",
      "80 chủ tịch công đoàn cơ sở mới được bồi dưỡng kỹ năng thương lượng, đối thoại và quản lý tài chính.",
      "Lớp học kéo dài ba ngày với các chuyên đề do giảng viên Trường Đại học Công đoàn và cán bộ LĐLĐ tỉnh "
      "trình bày, kèm các tình huống thực tế tại doanh nghiệp.",
      ("Chủ tịch công đoàn cơ sở vững nghiệp vụ thì người lao động mới yên tâm.", TO_CHUC),
      ("bồi dưỡng cán bộ", "chủ tịch công đoàn cơ sở"), audiences=tuple(OFFICIALS)),
    S(NEWS, "guong", "province", 48,
      "Đoàn viên công đoàn trong tỉnh ủng hộ đồng bào bị thiên tai",
      "Chỉ sau một tuần phát động, các cấp công đoàn quyên góp được hơn 1,2 tỷ đồng.",
      "Số tiền được chuyển qua Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh đến đồng bào các tỉnh bị thiệt hại do bão "
      "lũ. Nhiều đoàn viên tự nguyện đóng góp một ngày lương.",
      ("Người lao động Vĩnh Long luôn hướng về đồng bào khi khó khăn.", PHO_CHU_TICH),
      ("ủng hộ thiên tai", "tương thân tương ái"), audiences=tuple(EVERYONE)),
    S(NEWS, "thang_cn", "park", 42,
      "“Bữa cơm Công đoàn” cho công nhân làm việc xa nhà",
      "300 công nhân quê ở các tỉnh xa được mời dự bữa cơm ấm cúng do công đoàn tổ chức.",
      "Bữa cơm được tổ chức tại nhà văn hóa gần Khu công nghiệp Bình Minh, có văn nghệ do chính công nhân biểu "
      "diễn. {park} tặng quà cho những công nhân có hoàn cảnh khó khăn.",
      ("Xa nhà mà có bữa cơm đông vui như thế này, ai cũng thấy ấm lòng.", CONG_NHAN_2),
      ("Bữa cơm Công đoàn", "chăm lo đoàn viên")),
    S(NEWS, "atvsld", "province", 95,
      "Hơn 1.500 công nhân được tầm soát bệnh nghề nghiệp",
      "LĐLĐ tỉnh phối hợp bệnh viện tầm soát bệnh bụi phổi, điếc nghề nghiệp cho công nhân ở các doanh nghiệp có "
      "nguy cơ cao.",
      "Kết quả phát hiện 36 trường hợp nghi mắc bệnh nghề nghiệp, được hướng dẫn khám chuyên sâu và làm hồ sơ "
      "hưởng chế độ. Công đoàn đề nghị doanh nghiệp cải thiện hệ thống hút bụi, giảm tiếng ồn.",
      ("Phát hiện sớm thì người lao động được điều trị và hưởng chế độ kịp thời.", CHINH_SACH),
      ("bệnh nghề nghiệp", "sức khỏe người lao động")),
    # In the workflow, drafts, sent back, rejected, scheduled -----------------------------
    S(HIGHLIGHT, "tet", "commune", 3,
      "Chuẩn bị Tết Sum vầy {next_tet}: công đoàn cơ sở đăng ký đoàn viên khó khăn",
      "{commune} đề nghị các công đoàn cơ sở gửi danh sách đoàn viên có hoàn cảnh khó khăn để được hỗ trợ Tết.",
      "Danh sách cần ghi rõ hoàn cảnh của từng đoàn viên, có xác nhận của ban chấp hành công đoàn cơ sở. Công đoàn "
      "xã tổng hợp, gửi LĐLĐ tỉnh trước ngày 15 tháng Chạp.",
      ("Chuẩn bị sớm để không sót người nào cần được giúp.", CAP_TREN),
      ("Tết Sum vầy", "chăm lo Tết"), state=DRAFT, campaign="waiting"),
    S(IN_DEPTH, "cd_xa", "province", 2,
      "Đại hội Công đoàn tỉnh Vĩnh Long lần thứ I: những điều cần biết",
      "Đại hội là sự kiện chính trị quan trọng của tổ chức Công đoàn tỉnh sau sắp xếp.",
      "Đại hội đánh giá kết quả hoạt động công đoàn thời gian qua, đề ra phương hướng nhiệm kỳ 2025–2030 và bầu "
      "Ban Chấp hành LĐLĐ tỉnh khóa mới.",
      ("Mỗi đoàn viên hãy góp ý vào văn kiện Đại hội.", CHU_TICH),
      ("Đại hội Công đoàn tỉnh",), state=DRAFT, audiences=tuple(EVERYONE)),
    S(REGULAR, "phap_luat", "commune", 4,
      "Bị mất việc làm: người lao động được hỗ trợ những gì?",
      "Tóm tắt các chế độ bảo hiểm thất nghiệp và hỗ trợ của công đoàn dành cho đoàn viên mất việc.",
      "Người lao động đóng bảo hiểm thất nghiệp đủ thời gian được hưởng trợ cấp thất nghiệp, hỗ trợ học nghề và "
      "tư vấn việc làm. Đoàn viên còn được công đoàn hỗ trợ từ quỹ của công đoàn cơ sở.",
      ("Mất việc không có nghĩa là mất quyền lợi.", CAP_TREN),
      ("bảo hiểm thất nghiệp",), state=DRAFT),
    S(REGULAR, "cd_xa", "province", 1,
      "Sau một tháng truyền thông, công đoàn xã, phường đã gần hơn với người lao động",
      "Hơn 4.000 người lao động tham gia nhóm Zalo của công đoàn xã, phường; 60 phản ánh đã được giải quyết.",
      "Các công đoàn xã, phường báo cáo số người lao động tham gia nhóm Zalo tăng gấp ba so với trước đợt truyền "
      "thông. Nhiều phản ánh về tiền lương, bảo hiểm xã hội được tiếp nhận và chuyển đến doanh nghiệp ngay trong "
      "ngày.",
      ("Kết quả bước đầu cho thấy người lao động cần công đoàn và tin công đoàn.", TRUONG_BAN),
      ("công đoàn xã, phường", "chiến dịch truyền thông"), state=AT_BOARD_HEAD, campaign="running"),
    S(NEWS, "thoa_uoc", "commune", 2,
      "{commune} đối thoại với công nhân nhà trọ về điều kiện sống",
      "Công nhân kiến nghị về giá điện, nước ở nhà trọ và an ninh khu vực.",
      "Buổi đối thoại có sự tham gia của lãnh đạo Ủy ban nhân dân xã, công an xã và các chủ nhà trọ. Các chủ "
      "nhà trọ cam kết tính giá điện, nước đúng quy định.",
      ("Công đoàn xã sẽ giám sát việc thực hiện các cam kết hôm nay.", CAP_TREN),
      ("nhà trọ công nhân", "đối thoại"), state=AT_BOARD_HEAD),
    S(NEWS, "thoa_uoc", "province", 3,
      "Sắp diễn ra Hội nghị đối thoại giữa Chủ tịch UBND tỉnh với công nhân, lao động",
      "Hội nghị dự kiến có 400 đại biểu là công nhân, lao động và đại diện 40 doanh nghiệp khu công nghiệp.",
      "Các công đoàn xã, phường và công đoàn các khu công nghiệp đang tổng hợp ý kiến, kiến nghị của người lao "
      "động gửi về LĐLĐ tỉnh trước hội nghị.",
      ("Anh chị em có điều gì muốn gửi đến lãnh đạo tỉnh, hãy gửi qua công đoàn.", PHO_CHU_TICH),
      ("đối thoại", "Chủ tịch UBND tỉnh"), state=AT_LEADER, audiences=tuple(EVERYONE)),
    S(GOOD_PRACTICE, "guong", "park", 5,
      "Công nhân trẻ đạt giải Nhất Hội thi tay nghề ngành may",
      "Chị Võ Thị Ngọc Hân, 23 tuổi, vượt qua 60 thí sinh với sản phẩm hoàn thiện nhanh và đẹp nhất.",
      "Hội thi do {park} phối hợp các doanh nghiệp may tổ chức, nhằm tôn vinh những công nhân giỏi nghề.",
      ("Em sẽ hướng dẫn lại cho các bạn cùng chuyền để cả chuyền cùng giỏi.", "Chị Võ Thị Ngọc Hân, công nhân may"),
      ("hội thi tay nghề", "lao động giỏi"), state=AT_LEADER),
    S(NEWS, "cd_xa", "province", 1,
      "Thông cáo báo chí: kết quả chăm lo đời sống đoàn viên, người lao động năm {y}",
      "LĐLĐ tỉnh Vĩnh Long thông tin kết quả chăm lo, bảo vệ quyền lợi đoàn viên, người lao động trong năm.",
      "Trong năm, các cấp công đoàn đã chăm lo cho hơn 40.000 lượt đoàn viên, người lao động với tổng kinh phí "
      "gần 30 tỷ đồng; tham gia giải quyết ổn định 5 vụ ngừng việc tập thể; kết nạp mới hơn 5.000 đoàn viên.",
      ("LĐLĐ tỉnh sẵn sàng cung cấp thông tin chính thức cho các cơ quan báo chí.", VAN_PHONG),
      ("thông cáo báo chí",), state=AT_SPOKESPERSON, for_press=True,
      audiences=(AudienceKind.PRESS, AudienceKind.COMMUNITY)),
    S(REGULAR, "doan_vien", "grassroots", 2,
      "Ngày hội đoàn viên tại {grassroots}",
      "Ngày hội kết nạp đoàn viên mới và giao lưu văn nghệ giữa các tổ sản xuất.",
      "Ngày hội có nhiều trò chơi dân gian và phần kết nạp đoàn viên mới.",
      ("Ngày hội giúp anh chị em gắn bó với công đoàn hơn.", CO_SO),
      ("ngày hội đoàn viên",), state=SENT_BACK,
      note="Đề nghị bổ sung số đoàn viên mới được kết nạp, thời gian, địa điểm và chú thích ảnh; kiểm tra lại tên "
      "doanh nghiệp trước khi gửi lại."),
    S(NEWS, "guong", "province", 6,
      "Bình chọn “Doanh nghiệp vì người lao động” qua tin nhắn có thưởng",
      "Mời bạn đọc nhắn tin bình chọn doanh nghiệp, mỗi tin nhắn có cơ hội trúng thưởng.",
      "Chương trình do một công ty truyền thông tổ chức, đề nghị đăng trên Cổng thông tin của LĐLĐ tỉnh.",
      ("Hãy nhắn tin ngay để nhận quà.", "Đại diện đơn vị tổ chức bình chọn"),
      ("bình chọn",), state=REJECTED, audiences=tuple(EVERYONE),
      note="Nội dung quảng bá một chương trình bình chọn thu phí tin nhắn của đơn vị bên ngoài, không phù hợp với "
      "Cổng thông tin của LĐLĐ tỉnh; không đăng."),
    S(NEWS, "ngay_28_7", "province", 2,
      "Phát động cuộc thi ảnh “Nụ cười công nhân”",
      "Cuộc thi dành cho đoàn viên, người lao động trong tỉnh, nhận ảnh đến hết tháng sau.",
      "Ảnh dự thi phản ánh đời sống, lao động, sinh hoạt của công nhân, gửi qua nhóm Zalo của công đoàn xã, phường "
      "hoặc thư điện tử của Ban Tuyên giáo - Nữ công. Ban tổ chức trao 10 giải, các ảnh đẹp được triển lãm tại "
      "Đại hội Công đoàn tỉnh.",
      ("Mỗi bức ảnh là một câu chuyện đẹp về người lao động.", TRUONG_BAN),
      ("cuộc thi ảnh", "Đại hội Công đoàn tỉnh"), state=SCHEDULED, audiences=tuple(EVERYONE)),
)  # fmt: skip
